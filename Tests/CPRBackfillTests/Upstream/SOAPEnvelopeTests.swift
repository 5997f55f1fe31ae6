@testable import CPRBackfill
import Testing

@Suite struct SOAPEnvelopeTests {
    @Test func requestCarriesTheInvocationContextAndTheFilter() {
        let context = SubscriptionService.InvocationContext(serviceAgreement: "a-1", userSystem: "s-2", user: "u<3")
        let xml = String(decoding: SOAPEnvelope.request("AddMunicipalityCodeSubscription", context: context, municipality: "851"), as: UTF8.self)
        #expect(xml.contains("<sub:AddMunicipalityCodeSubscription>"))
        #expect(xml.contains("<invctx:ServiceAgreementUUID>a-1</invctx:ServiceAgreementUUID>"))
        #expect(xml.contains("<invctx:UserUUID>u&lt;3</invctx:UserUUID>"))
        #expect(xml.contains("<invctx:ServiceUUID>9cdccc2f-3243-11e2-8fef-d4bed98c5934</invctx:ServiceUUID>"))
        #expect(xml.contains("<sub:MunicipalityCode>851</sub:MunicipalityCode>"))
    }

    @Test func answersAreReadWhateverThePrefix() {
        let xml = """
            <s:Envelope xmlns:s="x"><s:Body><a:GetAllFiltersResponse><a:MunicipalityCode>851</a:MunicipalityCode>\
            <b:PNR>0101011234</b:PNR><PNR >0202021234</PNR><b:PNR/></a:GetAllFiltersResponse></s:Body></s:Envelope>
            """
        #expect(SOAPEnvelope.texts(of: "PNR", in: xml) == ["0101011234", "0202021234"])
        #expect(SOAPEnvelope.texts(of: "MunicipalityCode", in: xml).map(SubscriptionService.municipalityCode) == ["0851"])
        #expect(SOAPEnvelope.texts(of: "faultstring", in: "<faultstring>A &amp; B</faultstring>") == ["A & B"])
    }

    @Test func personSourceMessagesNameNoPNR() {
        #expect(PersonSource.withoutDigitRuns("unknown 0101011234 here") == "unknown … here")
    }
}
