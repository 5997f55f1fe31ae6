import CPRFormat
import Foundation
import Testing

/// CPR writes unknown parts of a date as `00`; the API answers ISO 8601, so a partial date
/// comes out in reduced precision rather than as the non-date `1941-00-00`.
@Suite struct PartialDateDocumentTests {
    @Test(arguments: [
        ("2001-11-19", "2001-11-19"), ("1941-00-00", "1941"), ("1941-05-00", "1941-05"), ("1941-00-17", "1941"),
    ])
    func iso8601UsesReducedPrecision(_ cpr: String, _ expected: String) throws {
        let date = try #require(CPRDate(cpr))
        #expect(date.iso8601 == expected)
        #expect(date.iso == cpr, "the stored form stays as CPR wrote it")
        #expect(CPRDate.iso8601(cpr) == expected)
    }

    @Test func theDocumentAnswersPartialDatesInISO8601() throws {
        var person = PersonSnapshot(pnr: try #require(PNR("0101411234")))
        person.birthDate = "1941-00-00"
        person.statusDate = "1941-05-00"
        let json = try #require(try JSONSerialization.jsonObject(with: Data(PersonDocument.encode(person))) as? [String: Any])
        #expect(json["birthDate"] as? String == "1941")
        #expect(json["statusDate"] as? String == "1941-05")
        #expect(CPRDate.iso8601(nil) == nil)
    }
}
