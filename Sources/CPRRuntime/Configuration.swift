import Foundation

/// Settings from a config file, `CPRD_*` environment variables and command-line flags,
/// in rising precedence. Keys are lower-case with underscores (`database_url`); the
/// environment spells them `CPRD_DATABASE_URL`, flags `--database-url`.
public struct Configuration: Sendable {
    /// Where a value came from, so an error can say which one to fix.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case file(String, line: Int)
        case environment(String)
        case flag(String)
        case defaultValue

        public var description: String {
            switch self {
            case .file(let path, let line): "\(path):\(line)"
            case .environment(let name): "environment variable \(name)"
            case .flag(let name): "flag --\(name)"
            case .defaultValue: "default"
            }
        }
    }

    public struct Value: Sendable, Equatable {
        public var text: String
        public var source: Source
    }

    public private(set) var values: [String: Value] = [:]

    public init() {}

    /// Loads the layers in precedence order. `flags` maps keys to values given on the
    /// command line (nil entries are ignored).
    public init(
        file: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        flags: [String: String?] = [:]
    ) throws(ConfigurationError) {
        let path = file ?? environment["CPRD_CONFIG"]
        if let path {
            try merge(fileAt: path)
        } else if FileManager.default.isReadableFile(atPath: Self.defaultFile) {
            try merge(fileAt: Self.defaultFile)
        }
        for (name, text) in environment where name.hasPrefix("CPRD_") && name != "CPRD_CONFIG" {
            let key = String(name.dropFirst(5)).lowercased()
            values[key] = Value(text: text, source: .environment(name))
        }
        for (key, text) in flags {
            guard let text else { continue }
            values[key] = Value(text: text, source: .flag(key.replacingOccurrences(of: "_", with: "-")))
        }
    }

    public static let defaultFile = "/etc/cprd/cprd.conf"

    /// `key = value` lines; `#` starts a comment; values may be double-quoted.
    mutating func merge(fileAt path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationError(key: "config", source: .flag("config"), problem: "cannot read configuration file \(path)")
        }
        try merge(text: text, path: path)
    }

    mutating func merge(text: String, path: String) throws(ConfigurationError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let source = Source.file(path, line: index + 1)
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(key: line, source: source, problem: "expected `key = value`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigurationError(key: key, source: source, problem: "a key is letters, digits and underscores")
            }
            values[key] = Value(text: value, source: source)
        }
    }

    public subscript(key: String) -> Value? { values[key] }

    public func string(_ key: String) -> String? { values[key]?.text }

    public func string(_ key: String, default fallback: String) -> String { values[key]?.text ?? fallback }

    public func require(_ key: String) throws(ConfigurationError) -> String {
        guard let value = values[key], !value.text.isEmpty else {
            throw ConfigurationError(
                key: key, source: .defaultValue,
                problem: "is required: set \(key) in the config file, CPRD_\(key.uppercased()), or --\(key.replacingOccurrences(of: "_", with: "-"))"
            )
        }
        return value.text
    }

    public func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = values[key] else { return fallback }
        guard let number = Int(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigurationError(key: key, source: value.source, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), got \"\(value.text)\"")
        }
        return number
    }

    public func boolean(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let value = values[key] else { return fallback }
        switch value.text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(key: key, source: value.source, problem: "must be true or false, got \"\(value.text)\"")
        }
    }
}

/// A configuration problem, naming the key and where its value came from.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var key: String
    public var source: Configuration.Source
    public var problem: String

    public init(key: String, source: Configuration.Source, problem: String) {
        self.key = key
        self.source = source
        self.problem = problem
    }

    public var description: String {
        source == .defaultValue ? "configuration: \(key) \(problem)" : "configuration: \(key) (from \(source)) \(problem)"
    }
}
