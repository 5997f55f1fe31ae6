import Foundation

/// A JSON value with its exact type (JSONSerialization cannot tell 1 from true on Linux).
indirect enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}

/// The part of JSON Schema (OpenAPI 3.1) the document uses: $ref, oneOf/anyOf, type (one or
/// several), required, properties, additionalProperties: false, items, maxItems, enum,
/// pattern, and the formats date and date-time.
struct SchemaChecker {
    let document: [String: Any]

    func resolve(_ node: [String: Any]) -> [String: Any] {
        guard let reference = node["$ref"] as? String, reference.hasPrefix("#/") else { return node }
        var current: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            current = (current as? [String: Any])?[String(part)] ?? [:]
        }
        return resolve(current as? [String: Any] ?? [:])
    }

    /// Problems with `value` against `schema`; empty when it conforms.
    func check(_ value: JSONValue, _ schema: [String: Any], at path: String = "$") -> [String] {
        let schema = resolve(schema)
        for combinator in ["oneOf", "anyOf"] {
            if let options = schema[combinator] as? [Any] {
                let results = options.map { check(value, $0 as? [String: Any] ?? [:], at: path) }
                if results.contains(where: \.isEmpty) { return [] }
                return ["\(path): matches none of \(combinator): \(results.flatMap { $0 }.joined(separator: "; "))"]
            }
        }
        var problems: [String] = []
        if let type = schema["type"] {
            let types = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
            guard types.contains(where: { matches(value, $0) }) else { return ["\(path): is not \(types.joined(separator: " or "))"] }
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [Any] ?? [] {
                if let key = key as? String, members[key] == nil { problems.append("\(path): lacks required \(key)") }
            }
            for (key, member) in members {
                if let property = properties[key] as? [String: Any] {
                    problems += check(member, property, at: "\(path).\(key)")
                } else if (schema["additionalProperties"] as? String) == "false" {
                    problems.append("\(path): has undocumented \(key)")
                }
            }
        case .array(let items):
            if let maximum = (schema["maxItems"] as? String).flatMap(Int.init), items.count > maximum {
                problems.append("\(path): more than \(maximum) items")
            }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { problems += check(item, itemSchema, at: "\(path)[\(index)]") }
            }
        case .string(let text):
            if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { ($0 as? String) == text }) {
                problems.append("\(path): \(text) is not one of \(allowed)")
            }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \(text) does not match \(pattern)")
            }
            switch schema["format"] as? String {
            case "date":
                if text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil { problems.append("\(path): \(text) is not a date") }
            case "date-time":
                if ISO8601DateFormatter().date(from: text) == nil { problems.append("\(path): \(text) is not a date-time") }
            default: break
            }
        default:
            break
        }
        return problems
    }

    private func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.integer, "integer"), (.integer, "number"), (.number, "number"),
             (.string, "string"), (.array, "array"), (.object, "object"):
            true
        default:
            false
        }
    }
}
