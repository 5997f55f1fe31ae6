import NIOCore

/// Rows in PostgreSQL's COPY text format, accumulated in a buffer that is handed to
/// `copyFrom` in chunks of a few hundred KB (large writes are what makes COPY fast).
public struct CopyText: Sendable {
    public private(set) var buffer: ByteBuffer
    private var fieldsInRow = 0

    public init(capacity: Int = 512 * 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public var readableBytes: Int { buffer.readableBytes }

    /// Hands over what was written and starts an empty buffer.
    public mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: full.capacity)
        return full
    }

    public mutating func null() {
        separate()
        buffer.writeStaticString("\\N")
    }

    public mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { escape($0) }
    }

    public mutating func field(_ text: String?) {
        if let text { field(text) } else { null() }
    }

    public mutating func field(_ value: Int) {
        separate()
        buffer.writeString(String(value))
    }

    public mutating func field(_ value: Bool) {
        separate()
        buffer.writeInteger(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// UTF-8 bytes, escaped for COPY.
    public mutating func field(utf8 bytes: some Collection<UInt8>) {
        separate()
        if let done = bytes.withContiguousStorageIfAvailable({ escape($0) }) { return done }
        escape(Array(bytes).withUnsafeBufferPointer { $0 })
    }

    /// Starts a field whose content follows through `append…` calls.
    public mutating func beginField() { separate() }

    /// Appends UTF-8 bytes to the field in progress, escaped.
    public mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) { escape(bytes) }

    /// Appends bytes already known to need no escaping (ASCII letters, digits, punctuation).
    public mutating func appendVerbatim(_ bytes: some Collection<UInt8>) { buffer.writeBytes(bytes) }

    public mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<bytes.count {
            let escaped: StaticString
            switch bytes[index] {
            case UInt8(ascii: "\\"): escaped = "\\\\"
            case UInt8(ascii: "\t"): escaped = "\\t"
            case UInt8(ascii: "\n"): escaped = "\\n"
            case UInt8(ascii: "\r"): escaped = "\\r"
            default: continue
            }
            if index > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index])) }
            buffer.writeStaticString(escaped)
            start = index + 1
        }
        if bytes.count > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
    }
}
