import Foundation

/// SF6002 CprSubscriptionService messages: SOAP 1.1 requests with Serviceplatformen's
/// InvocationContext, and the few answer elements cprd reads.
enum SOAPEnvelope {
    static let serviceNamespace = "http://serviceplatformen.dk/xml/wsdl/soap11/CprSubscriptionService/1/"
    static let invocationNamespace = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
    static let pnrNamespace = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"

    /// `operation` with the invocation context and an optional PNR or municipality code.
    /// Serviceplatformen wants ISO-8859-1; everything written here is ASCII.
    static func request(_ operation: String, context: SubscriptionService.InvocationContext, pnr: String? = nil, municipality: String? = nil) -> [UInt8] {
        var body = ""
        if let pnr { body += "<cpr:PNR>\(escape(pnr))</cpr:PNR>" }
        if let municipality { body += "<sub:MunicipalityCode>\(escape(municipality))</sub:MunicipalityCode>" }
        let xml = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sub="\(serviceNamespace)" \
            xmlns:invctx="\(invocationNamespace)" xmlns:cpr="\(pnrNamespace)">
            <soapenv:Header/>
            <soapenv:Body>
            <sub:\(operation)>
            <invctx:InvocationContext>
            <invctx:ServiceAgreementUUID>\(escape(context.serviceAgreement))</invctx:ServiceAgreementUUID>
            <invctx:UserSystemUUID>\(escape(context.userSystem))</invctx:UserSystemUUID>
            <invctx:UserUUID>\(escape(context.user))</invctx:UserUUID>
            <invctx:ServiceUUID>\(escape(context.service))</invctx:ServiceUUID>
            </invctx:InvocationContext>
            \(body)
            </sub:\(operation)>
            </soapenv:Body>
            </soapenv:Envelope>
            """
        return Array(xml.utf8)
    }

    /// Text of every element with local name `name`, whatever its prefix, in document order.
    static func texts(of name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") || tag.hasPrefix("?") || tag.hasPrefix("!") || tag.hasSuffix("/") { continue }
            let qualified = tag.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            let local = qualified.split(separator: ":").last.map(String.init) ?? qualified
            guard local == name else { continue }
            let end = rest.firstIndex(of: "<") ?? rest.endIndex
            found.append(unescape(String(rest[..<end])).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return found
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
