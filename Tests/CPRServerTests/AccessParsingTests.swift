@testable import CPRServer
import Testing

@Suite struct AccessParsingTests {
    @Test func fingerprintsAreAcceptedAsOperatorsCopyThem() throws {
        let hex = String(repeating: "ab", count: 32)
        let colons = (0..<32).map { _ in "AB" }.joined(separator: ":")
        #expect(try CertificateFingerprint.normalise(hex) == hex)
        #expect(try CertificateFingerprint.normalise(colons) == hex)
        #expect(try CertificateFingerprint.normalise("sha256 Fingerprint=\(colons)") == hex)
        #expect(throws: AccessError.self) { try CertificateFingerprint.normalise("ab:cd") }
        #expect(throws: AccessError.self) { try CertificateFingerprint.normalise(String(repeating: "zz", count: 32)) }
    }

    @Test func scopesAreParsedFromAList() throws {
        #expect(try Scope.parse(list: "lookup, SEARCH,protected").get() == [.lookup, .search, .protected])
        #expect(throws: ScopeError.self) { try Scope.parse(list: "lookup,everything").get() }
        #expect(throws: ScopeError.self) { try Scope.parse(list: "").get() }
    }

    @Test func municipalityCodesArePaddedToFourDigits() throws {
        #expect(try MunicipalityCode.normalise("851") == "0851")
        #expect(try MunicipalityCode.normalise("0101") == "0101")
        #expect(throws: AccessError.self) { try MunicipalityCode.normalise("12345") }
        #expect(throws: AccessError.self) { try MunicipalityCode.normalise("aarhus") }
    }

    @Test func aSearchCursorRoundTripsAndRejectsForgeries() {
        let cursor = SearchCursor.encode("0101011234")
        #expect(!cursor.contains("0101011234"))
        #expect(SearchCursor.decode(cursor) == "0101011234")
        #expect(SearchCursor.decode("0101011234") == nil)
        #expect(SearchCursor.decode(SearchCursor.encode("12345")) == nil)
    }

    @Test func likePatternsTakeSearchTextLiterally() {
        #expect(PersonSearch.escapeLike("50%_a\\b") == "50\\%\\_a\\\\b")
    }
}
