import CPRStore
import Foundation
import NIOCore

/// A batch of audit records as COPY text rows: COPY costs PostgreSQL about a third of what
/// an `INSERT … SELECT FROM unnest(…)` of the same rows costs, and audit is the largest part
/// of the database's work per lookup.
enum AuditRows {
    static let columns = [
        "at", "agreement", "system", "user_id", "on_behalf_of", "accounting", "call_id",
        "method", "route", "status", "outcome", "pnrs", "latency_us",
    ]

    static func encode(_ records: [AuditRecord]) -> ByteBuffer {
        var rows = CopyText(capacity: records.count * 256)
        for record in records {
            rows.beginField()
            rows.appendVerbatim(timestamp(record.at))
            rows.field(record.agreement)
            rows.field(record.system)
            rows.field(record.user)
            rows.field(record.onBehalfOf)
            rows.field(record.accounting)
            rows.field(record.callID)
            rows.field(record.method)
            rows.field(record.route)
            rows.field(record.status)
            rows.field(record.outcome.rawValue)
            // PNRs are ten digits: an array literal needs no quoting.
            rows.beginField()
            rows.appendVerbatim(CollectionOfOne(UInt8(ascii: "{")))
            for (index, pnr) in record.pnrs.enumerated() {
                if index > 0 { rows.appendVerbatim(CollectionOfOne(UInt8(ascii: ","))) }
                rows.appendVerbatim(pnr.utf8)
            }
            rows.appendVerbatim(CollectionOfOne(UInt8(ascii: "}")))
            rows.field(record.latencyMicroseconds)
            rows.endRow()
        }
        return rows.take()
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, without a formatter (one per record adds up).
    static func timestamp(_ date: Date) -> [UInt8] {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        let micros = Int((interval - Double(seconds)) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); out.append(UInt8(ascii: " "))
        digits(Int(parts.tm_hour), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); out.append(UInt8(ascii: "."))
        digits(min(max(micros, 0), 999_999), 6)
        out += Array("+00".utf8)
        return out
    }
}
