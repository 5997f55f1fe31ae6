import Foundation
import NIOCore
import Testing

@testable import CPRServer

@Suite struct PostgresTimeTests {
    /// PostgreSQL's epoch, 2000-01-01 00:00 UTC, in Unix seconds.
    static let epoch: Int64 = 946_684_800

    static func reference(unixSeconds: Int64, formatter: ISO8601DateFormatter = utc()) -> String {
        formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }

    static func utc() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }

    @Test(arguments: [
        Int64(0), 1, -1, 999_999, -999_999, -1_000_000, 86_399_999_999, -86_400_000_001,
        // 1900-03-01, 1970-01-01, 2024-02-29 12:34:56.789, 2100-12-31 23:59:59
        -3_155_587_200_000_000, -946_684_800_000_000, 762_525_296_789_000, 3_187_295_999_000_000,
    ])
    func timestampMatchesFoundation(microseconds: Int64) {
        var buffer = ByteBuffer()
        PostgresTime.writeTimestamp(microseconds: microseconds, into: &buffer)
        // Cut to whole seconds, downwards, as PostgreSQL's to_char did.
        let seconds = Int64((Double(microseconds) / 1_000_000).rounded(.down))
        #expect(String(buffer: buffer) == Self.reference(unixSeconds: Self.epoch + seconds))
    }

    @Test func everyDayOfFourHundredYearsMatchesFoundation() {
        // 1800-01-01 to 2200-01-01: leap years, centuries, both sides of 2000 and 1970.
        let formatter = Self.utc()
        for days in Int32(-73_048)...Int32(73_049) where days % 7 == 0 || (-400...400).contains(days) {
            var buffer = ByteBuffer()
            PostgresTime.writeDate(days: days, into: &buffer)
            let expected = Self.reference(unixSeconds: Self.epoch + Int64(days) * 86_400, formatter: formatter).prefix(10)
            #expect(String(buffer: buffer) == expected, "day \(days)")
            if String(buffer: buffer) != expected { return }
        }
    }
}
