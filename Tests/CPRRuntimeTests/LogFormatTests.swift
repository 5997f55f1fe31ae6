import CPRRuntime
import Logging
import Testing

@Suite struct LogFormatTests {
    @Test func oneLinePerEventWithSortedMetadata() {
        let sink = LogSink.memory()
        var logger = Logger(label: "cprd.test") { label in
            LineLogHandler(label: label, level: .info, sink: sink, timestamps: false)
        }
        logger[metadataKey: "file"] = "D1.txt"
        logger.info("applied file", metadata: ["persons": "12", "note": "two words"])
        logger.debug("not shown")
        #expect(sink.lines == ["level=info label=cprd.test msg=\"applied file\" file=D1.txt note=\"two words\" persons=12\n"])
    }

    @Test func newlinesAndQuotesAreEscaped() {
        let sink = LogSink.memory()
        let logger = Logger(label: "x") { LineLogHandler(label: $0, level: .info, sink: sink, timestamps: false) }
        logger.error("bad \"thing\"\nsecond line")
        #expect(sink.lines.count == 1)
        #expect(sink.lines[0].contains(#"msg="bad \"thing\"\nsecond line""#))
    }

    @Test func pnrTagIsStableForOneKeyAndHidesTheNumber() {
        let key = PNRLogKey(secret: "installation secret")
        let tag = key.tag("0101965058")
        #expect(tag == key.tag("0101965058"))
        #expect(tag != key.tag("0101965059"))
        #expect(!tag.contains("0101965058"))
        #expect(tag != PNRLogKey(secret: "other").tag("0101965058"))
    }
}
