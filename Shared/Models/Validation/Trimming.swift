extension StringProtocol {
    /// The text without leading and trailing white space — Unicode's White_Space (spaces, tabs, line breaks,
    /// U+3000 and the like) and the zero-width space, as Foundation's `whitespacesAndNewlines` trims. In Swift,
    /// without bridging to `NSString`: it runs on every field of every request.
    public var trimmed: String {
        let scalars = unicodeScalars
        let blank = { (scalar: Unicode.Scalar) in
            // ASCII first: almost every field starts and ends with a letter or a digit.
            scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace || scalar == "\u{200B}"
        }
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let last = scalars.index(after: scalars.lastIndex(where: { !blank($0) })!)
        if first == scalars.startIndex && last == scalars.endIndex { return String(self) }
        return String(self[first..<last])
    }
}
