/// Where the server listens: `HOST:PORT`, `[IPv6]:PORT` or `:PORT`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(_ text: String, defaultHost: String) throws(ListenAddressError) {
        var host = defaultHost
        var portText = Substring(text)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(after: close)...].dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            if colon != text.startIndex { host = String(text[..<colon]) }
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ListenAddressError(description: "listen address must be HOST:PORT, [IPv6]:PORT or :PORT, got \"\(text)\"")
        }
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.port = port
    }

    /// Development mode serves plain HTTP, so it may only listen where no one else can connect.
    public var isLoopback: Bool {
        host == "::1" || host.split(separator: ".").first == "127" && host.split(separator: ".").count == 4
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ListenAddressError: Error, CustomStringConvertible {
    public let description: String
}
