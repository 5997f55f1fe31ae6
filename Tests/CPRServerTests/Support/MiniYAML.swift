/// Just enough YAML for the OpenAPI document: block mappings and sequences by indentation,
/// flow sequences `[a, b]`, plain and double-quoted scalars. Scalars stay strings.
enum MiniYAML {
    private struct Line {
        let indent: Int
        let text: Substring
    }

    static func parse(_ text: String) throws -> Any {
        let lines = text.split(separator: "\n").compactMap { raw -> Line? in
            let indent = raw.prefix { $0 == " " }.count
            let body = raw.dropFirst(indent)
            return body.isEmpty || body.hasPrefix("#") ? nil : Line(indent: indent, text: body)
        }
        var index = 0
        return try block(lines, &index, indent: lines.first?.indent ?? 0)
    }

    private static func block(_ lines: [Line], _ index: inout Int, indent: Int) throws -> Any {
        guard index < lines.count else { return [String: Any]() }
        return lines[index].text.hasPrefix("- ") ? try sequence(lines, &index, indent: indent) : try mapping(lines, &index, indent: indent)
    }

    private static func mapping(_ lines: [Line], _ index: inout Int, indent: Int, first: Substring? = nil) throws -> [String: Any] {
        var result: [String: Any] = [:]
        var pending = first
        while let text = pending ?? (index < lines.count && lines[index].indent == indent && !lines[index].text.hasPrefix("- ") ? lines[index].text : nil) {
            if pending == nil { index += 1 }
            pending = nil
            let (key, rest) = try split(text)
            if rest.isEmpty {
                if index < lines.count, lines[index].indent > indent {
                    result[key] = try block(lines, &index, indent: lines[index].indent)
                } else {
                    result[key] = ""
                }
            } else {
                result[key] = scalarOrFlow(rest)
            }
        }
        return result
    }

    private static func sequence(_ lines: [Line], _ index: inout Int, indent: Int) throws -> [Any] {
        var result: [Any] = []
        while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
            let item = lines[index].text.dropFirst(2)
            index += 1
            if isMappingEntry(item) {
                result.append(try mapping(lines, &index, indent: indent + 2, first: item))
            } else {
                result.append(scalarOrFlow(item))
            }
        }
        return result
    }

    private static func isMappingEntry(_ text: Substring) -> Bool {
        (try? split(text)) != nil && !text.hasPrefix("[") && !(text.hasPrefix("\"") && text.hasSuffix("\""))
    }

    /// `key: value` or `key:`; the key may be double-quoted.
    private static func split(_ text: Substring) throws -> (String, Substring) {
        if text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") {
            let key = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { throw TestFailure("YAML: expected ':' after \(key)") }
            return (key, after.dropFirst().drop { $0 == " " })
        }
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " {
                    return (String(text[..<index]), text[next...].drop { $0 == " " })
                }
            }
            index = text.index(after: index)
        }
        throw TestFailure("YAML: not a mapping entry: \(text)")
    }

    private static func scalarOrFlow(_ text: Substring) -> Any {
        if text.hasPrefix("["), text.hasSuffix("]") {
            return text.dropFirst().dropLast().split(separator: ",").map { scalar($0.trimmingPrefix(" ")) }
        }
        return scalar(text)
    }

    private static func scalar(_ text: Substring) -> String {
        let trimmed = text.hasSuffix(" ") ? text.dropLast(text.reversed().prefix { $0 == " " }.count) : text
        if trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count >= 2 {
            return String(trimmed.dropFirst().dropLast())
        }
        return String(trimmed)
    }
}
