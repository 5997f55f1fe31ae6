import CPRFormat
import Foundation

/// The single-person source: an HTTPS endpoint that answers with a person's current P12170
/// records, as CPR's online service does.
///
/// Protocol: `POST <person_source_url>` with the body `pnr=<10 digits>` (a form, so the PNR
/// never lands in a URL or an access log). Answers: 200 with the person's records, one per
/// line, or a whole CPR file (000 … 999, either framing); 200 with a 910 error record when CPR
/// refuses the request; 404 when the PNR is unknown. Anything else is a failure to retry.
public struct PersonSource: Sendable {
    public enum Answer: Sendable {
        /// The person's records (no 000/999), ready to apply.
        case records([Record])
        case unknown
        /// CPR answered with an error record: its text (names no PNR).
        case refused(String)
    }

    let client: HTTPSClient

    public init(endpoint: ServiceEndpoint) {
        client = HTTPSClient(endpoint: endpoint)
    }

    public func fetch(_ pnr: PNR) async throws -> Answer {
        let response = try await client.post(
            body: Array("pnr=\(pnr.digits)".utf8),
            headers: ["Content-Type: application/x-www-form-urlencoded", "Accept: text/plain"]
        )
        switch response.status {
        case 200:
            return try Self.parse(response.body, for: pnr)
        case 404:
            return .unknown
        default:
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw BackfillError.upstream("person source answered HTTP \(response.status): \(Self.withoutDigitRuns(text))")
        }
    }

    /// The records of an answer, checked: all belong to `pnr`, and there is a 001.
    static func parse(_ body: [UInt8], for pnr: PNR) throws -> Answer {
        let name = "person source answer"
        var records: [Record] = []
        if body.starts(with: Array("000".utf8)) {
            var reader = RecordReader(bytes: body, name: name)
            while let record = try reader.next() {
                if record.type.code == 0 || record.type.code == 999 { continue }
                records.append(record.detached())
            }
        } else {
            var offset = 0
            for (index, line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                defer { offset += line.count + 1 }
                var bytes = Array(line)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                if bytes.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
                records.append(try Record(parsing: bytes, fileName: name, number: index + 1, offset: offset))
            }
        }
        if let error = records.first(where: { $0.type.code == 910 }) {
            return .refused("CPR error \(error.text(3)): \(withoutDigitRuns(error.text(4)))")
        }
        let personRecords = records.filter { ![99, 910, 997].contains($0.type.code) }
        guard personRecords.contains(where: { $0.type.code == 1 }) else {
            throw BackfillError.upstream("the person source's answer has no 001 record")
        }
        guard personRecords.allSatisfy({ $0.ownerPNR == pnr }) else {
            throw BackfillError.upstream("the person source's answer carries records of another person")
        }
        return .records(personRecords)
    }

    /// The records as a small change file (000, records, 999) in line framing.
    static func file(of records: [Record], on date: Date = Date()) -> [UInt8] {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        var writer = RecordFileWriter(
            framing: .lines, opgavenr: 0, proddto: (parts.year!, parts.month!, parts.day!), proddtoForrig: nil
        )
        for record in records { writer.append(record: record.paddedBytes) }
        writer.finish()
        return writer.takeBytes()
    }

    /// Upstream text may echo the request; keep any PNR out of messages and logs.
    static func withoutDigitRuns(_ text: String) -> String {
        text.replacingOccurrences(of: "[0-9]{6,}", with: "…", options: .regularExpression)
    }
}
