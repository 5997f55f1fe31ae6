import CPRRuntime
import Foundation
import Testing

@Suite struct ConfigurationTests {
    /// A configuration file under the temporary directory; the test removes it.
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cprd-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagsBeatEnvironmentBeatFile() throws {
        let path = try file("""
            # comment
            database_url = "postgres://file@127.0.0.1/f"
            archive_dir = /var/lib/cprd/archive
            inbox_dir = /from/file
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try Configuration(
            file: path,
            environment: ["CPRD_DATABASE_URL": "postgres://env@127.0.0.1/e", "CPRD_INBOX_DIR": "/from/env"],
            flags: ["database_url": "postgres://flag@127.0.0.1/x", "inbox_dir": nil]
        )
        #expect(configuration.string("database_url") == "postgres://flag@127.0.0.1/x")
        #expect(configuration["database_url"]?.source == .flag("database-url"))
        #expect(configuration.string("inbox_dir") == "/from/env")
        #expect(configuration["inbox_dir"]?.source == .environment("CPRD_INBOX_DIR"))
        #expect(configuration.string("archive_dir") == "/var/lib/cprd/archive")
        #expect(configuration["archive_dir"]?.source == .file(path, line: 3))
    }

    @Test func configFileFromEnvironment() throws {
        let path = try file("log_level = debug\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try Configuration(file: nil, environment: ["CPRD_CONFIG": path])
        #expect(configuration.string("log_level") == "debug")
    }

    @Test func badLineNamesFileAndLine() throws {
        let path = try file("database_url = x\nthis is not a setting\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try Configuration(file: path, environment: [:])
        } throws: { error in
            "\(error)".contains("\(path):2") && "\(error)".contains("key = value")
        }
    }

    @Test func badValueNamesKeyAndSource() throws {
        let configuration = try Configuration(file: nil, environment: ["CPRD_STALE_AFTER_DAYS": "three"])
        #expect {
            try configuration.integer("stale_after_days", default: 3, range: 1...365)
        } throws: { error in
            let text = "\(error)"
            return text.contains("stale_after_days") && text.contains("CPRD_STALE_AFTER_DAYS") && text.contains("three")
        }
        #expect(try configuration.integer("missing", default: 7, range: 1...9) == 7)
    }

    @Test func missingRequiredKeySaysHowToSetIt() throws {
        let configuration = try Configuration(file: nil, environment: [:])
        #expect {
            try configuration.require("database_url")
        } throws: { error in
            "\(error)".contains("CPRD_DATABASE_URL") && "\(error)".contains("--database-url")
        }
    }

    @Test func unreadableFileIsAnError() {
        #expect(throws: ConfigurationError.self) {
            try Configuration(file: "/nonexistent/cprd.conf", environment: [:])
        }
    }
}
