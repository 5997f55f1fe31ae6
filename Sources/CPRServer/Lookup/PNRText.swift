/// A PNR as the API takes it: exactly ten ASCII digits. Nothing more is checked: numbers
/// without modulus 11 are valid, and the day may be a replacement number's.
enum PNRText {
    static func isValid(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 10 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
