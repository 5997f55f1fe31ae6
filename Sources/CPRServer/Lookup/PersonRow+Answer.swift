import NIOCore

extension PersonRow {
    /// The document a caller gets: the stored JSON (redacted when asked) with `members`
    /// (already-encoded `"key":value` pairs) and then `updatedAt` and
    /// `sourceProductionDate` spliced in before the closing brace, without re-encoding.
    func writeAnswer(redacted: Bool, members: [UInt8] = [], into buffer: inout ByteBuffer) throws {
        let stored: ByteBuffer
        if redacted && isProtected {
            // The loader writes a redacted document for every protected person; without
            // one, answering would leak what protection withholds.
            guard let redactedDocument else { throw Problem.internalError }
            stored = redactedDocument
        } else {
            stored = document
        }
        guard stored.readableBytes > 1, stored.getInteger(at: stored.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "}")
        else { throw Problem.internalError }
        buffer.writeImmutableBuffer(stored.getSlice(at: stored.readerIndex, length: stored.readableBytes - 1)!)
        if !members.isEmpty {
            buffer.writeInteger(UInt8(ascii: ","))
            buffer.writeBytes(members)
        }
        buffer.writeStaticString(#","updatedAt":""#)
        PostgresTime.writeTimestamp(microseconds: updatedAt, into: &buffer)
        buffer.writeStaticString(#"","sourceProductionDate":""#)
        PostgresTime.writeDate(days: productionDate, into: &buffer)
        buffer.writeStaticString(#""}"#)
    }

    /// The answer as a buffer of its own.
    func answer(redacted: Bool, members: [UInt8] = []) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(document.readableBytes + members.count + 96)
        try writeAnswer(redacted: redacted, members: members, into: &buffer)
        return buffer
    }
}
