/// Folds a name for search so that "Søren", "SØREN" and "soeren" meet: lower case, Danish
/// letters spelled out (æ→ae, ø→oe, å→aa), other accents dropped, runs of blanks collapsed.
/// The same function folds stored names at ingest and query text at search time.
public enum NameFolding {
    public static func fold(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for scalar in text.lowercased().unicodeScalars {
            let folded: String
            switch scalar {
            case "æ": folded = "ae"
            case "ø", "ö": folded = "oe"
            case "å": folded = "aa"
            case "ä": folded = "ae"
            case "ü": folded = "ue"
            case "é", "è", "ê", "ë": folded = "e"
            case "á", "à", "â": folded = "a"
            case "í", "ì", "î", "ï": folded = "i"
            case "ó", "ò", "ô": folded = "o"
            case "ú", "ù", "û": folded = "u"
            case "ñ": folded = "n"
            case "ç": folded = "c"
            case " ", "\t", "-", ",", ".":
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            default: folded = String(scalar)
            }
            result += folded
            lastWasSpace = false
        }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
