/// Splits a SQL script into statements at top-level semicolons, skipping those inside
/// quotes, dollar-quoted bodies and comments. PostgresNIO speaks only the extended
/// protocol, which takes one statement at a time.
public enum SQLScript {
    public static func statements(_ script: String) -> [String] {
        let text = Array(script.utf8)
        var statements: [String] = []
        var start = 0
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < text.count ? text[index + offset] : nil }
        while index < text.count {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                index += 1
                while index < text.count {
                    if text[index] == byte {
                        if at(1) == byte { index += 2; continue }  // doubled quote
                        break
                    }
                    index += 1
                }
                index += 1
            case UInt8(ascii: "-") where at(1) == UInt8(ascii: "-"):
                while index < text.count, text[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                index += 2
                while index < text.count, !(text[index] == UInt8(ascii: "*") && at(1) == UInt8(ascii: "/")) { index += 1 }
                index += 2
            case UInt8(ascii: "$"):
                // $tag$ ... $tag$
                var end = index + 1
                while end < text.count, text[end] == UInt8(ascii: "_") || isAlphanumeric(text[end]) { end += 1 }
                if end < text.count, text[end] == UInt8(ascii: "$") {
                    let tag = Array(text[index...end])
                    var search = end + 1
                    while search + tag.count <= text.count, Array(text[search..<search + tag.count]) != tag { search += 1 }
                    index = min(search + tag.count, text.count)
                } else {
                    index += 1
                }
            case UInt8(ascii: ";"):
                append(text[start..<index], to: &statements)
                index += 1
                start = index
            default:
                index += 1
            }
        }
        if start < text.count { append(text[start...], to: &statements) }
        return statements
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    private static func append(_ bytes: ArraySlice<UInt8>, to statements: inout [String]) {
        let statement = String(decoding: bytes, as: UTF8.self)
        // A chunk of only comments and blanks is not a statement.
        let meaningful = statement.split(separator: "\n").contains { line in
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
            return !trimmed.isEmpty && !trimmed.hasPrefix("--")
        }
        if meaningful { statements.append(statement.trimmingBlankLines()) }
    }
}

extension String {
    fileprivate func trimmingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
