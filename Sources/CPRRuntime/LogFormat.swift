import Foundation
import Logging

/// One line per event on stderr, `level=… label=… msg="…" key=value`, which journald keeps
/// as one entry each. Timestamps are left to journald when stderr is the journal.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let timestamps: Bool
    private let sink: LogSink

    public init(label: String, level: Logger.Level, sink: LogSink = .standardError, timestamps: Bool? = nil) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.timestamps = timestamps ?? (ProcessInfo.processInfo.environment["JOURNAL_STREAM"] == nil)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = ""
        if timestamps {
            line += "ts=\(Self.timestamp()) "
        }
        line += "level=\(event.level) label=\(label) msg=\(Self.quoted(event.message.description))"
        let merged = event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted(merged[key]!.description))"
        }
        line += "\n"
        sink.write(line)
    }

    static func quoted(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:/@+,".contains($0) }) {
            return text
        }
        var escaped = "\""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000)
        )
    }
}

/// Where log lines go: stderr in production, a buffer in tests.
public final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    private var buffer: [String] = []

    public static let standardError = LogSink(handle: .standardError)

    init(handle: FileHandle?) { self.handle = handle }

    public static func memory() -> LogSink { LogSink(handle: nil) }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        if let handle {
            handle.write(Data(line.utf8))
        } else {
            buffer.append(line)
        }
    }

    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}

public enum Logs {
    /// Installs the line handler process-wide once; later calls are ignored by swift-log.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level) }
    }

    public static func level(from text: String?) throws(ConfigurationError) -> Logger.Level {
        guard let text else { return .info }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ConfigurationError(
                key: "log_level", source: .defaultValue,
                problem: "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\""
            )
        }
        return level
    }
}
