import CPRStore
import Testing

@Suite struct DatabaseURLTests {
    @Test func parsesTheUsualParts() throws {
        let url = try DatabaseURL("postgres://cprd:s%40cret@127.0.0.1:5433/replica?sslmode=require")
        #expect(url.user == "cprd")
        #expect(url.password == "s@cret")
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 5433)
        #expect(url.database == "replica")
        #expect(url.sslMode == .require)
        #expect(!url.description.contains("s@cret"))
    }

    @Test func unixSocketFromHostParameter() throws {
        let url = try DatabaseURL("postgresql://postgres@localhost/db?host=/run/postgresql")
        #expect(url.socketDirectory == "/run/postgresql")
        #expect(url.sslMode == .disable)
        #expect(try url.clientConfiguration().unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
    }

    @Test func rejectsOtherSchemesAndModes() {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("mysql://x@y/z") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL("postgres://x@y/z?sslmode=sometimes") }
    }
}

@Suite struct DatabaseURLTextTests {
    @Test func textRoundTrips() throws {
        let url = try DatabaseURL("postgres://cprd:pw@127.0.0.1:5433/replica?host=/run/pg&sslmode=disable")
        let again = try DatabaseURL(url.text)
        #expect(again.password == "pw")
        #expect(again.socketDirectory == "/run/pg")
        #expect(again.port == 5433)
        #expect(again.database == "replica")
        #expect(again.sslMode == .disable)
    }
}
