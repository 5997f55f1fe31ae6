@testable import CPRServer
import Foundation
import Testing

@Suite struct AuditRowsTests {
    @Test func timestampsAreUTCWithMicroseconds() {
        let text = String(decoding: AuditRows.timestamp(Date(timeIntervalSince1970: 1_700_000_000.25)), as: UTF8.self)
        #expect(text == "2023-11-14 22:13:20.250000+00")
    }

    @Test func rowsEscapeIdentityValuesAndWriteNulls() {
        let record = AuditRecord(
            at: Date(timeIntervalSince1970: 0), agreement: "a\tb", system: nil, user: "line\nbreak", onBehalfOf: nil,
            accounting: nil, callID: "c\\1", method: "GET", route: "/v1/persons/{pnr}", status: 200,
            pnrs: ["0101010101", "0202020202"], latencyMicroseconds: 42
        )
        let text = String(buffer: AuditRows.encode([record]))
        #expect(text == "1970-01-01 00:00:00.000000+00\ta\\tb\t\\N\tline\\nbreak\t\\N\t\\N\tc\\\\1\tGET\t/v1/persons/{pnr}\t200\tallowed\t{0101010101,0202020202}\t42\n")
    }
}
