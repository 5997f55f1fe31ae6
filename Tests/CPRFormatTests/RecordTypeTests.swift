import CPRFormat
import Testing

@Suite struct RecordTypeTests {
    @Test func recordTypeParsing() throws {
        #expect(RecordType("001") == .personInformation)
        #expect(RecordType(bytes: Array("999".utf8)) == .endRecord)
        #expect(RecordType("000") == .startRecord)
        #expect(RecordType("01") == nil)
        #expect(RecordType("0001") == nil)
        #expect(RecordType("0a1") == nil)
        #expect(RecordType(code: 1000) == nil)
        #expect(RecordType(code: -1) == nil)
        #expect(try #require(RecordType(code: 1)).code == 1)
        #expect(RecordType.event.description == "099")
        #expect(RecordType.errorRecord.description == "910")
        #expect(RecordType.startRecord.description == "000")
        #expect(RecordType.personInformation < RecordType.event)
    }
}
