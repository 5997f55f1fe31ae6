import Foundation

/// File names from a folder listing: SFTP and FTP name lists (one per line) or an HTTP
/// server's index page (the `href` targets that are plain names in the same folder).
public enum DirectoryListing {
    public static func names(from text: String) -> [String] {
        let raw: [String]
        if text.contains("href=") {
            raw = hrefs(in: text)
        } else {
            raw = text.split(whereSeparator: \.isNewline).map(String.init)
        }
        var seen = Set<String>()
        return raw.map { $0.trimmingCharacters(in: .whitespaces) }.filter { name in
            !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("?")
                && !name.hasPrefix("#") && seen.insert(name).inserted
        }
    }

    static func hrefs(in html: String) -> [String] {
        var names: [String] = []
        var rest = html[...]
        while let range = rest.range(of: "href=") {
            rest = rest[range.upperBound...]
            guard let quote = rest.first, quote == "\"" || quote == "'" else { continue }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { break }
            let target = String(rest[..<end])
            names.append(target.removingPercentEncoding ?? target)
            rest = rest[end...].dropFirst()
        }
        return names
    }
}
