/// CSV as spreadsheet users open it (RFC 4180): CRLF between records, a field quoted when it holds a comma,
/// a quote or a line break (quotes doubled), and — so a cell is never run as a formula (CSV injection) — a
/// field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return led by an apostrophe. Written as
/// UTF-8 bytes straight into the caller's buffer: an export writes millions of fields. Pure.
public enum CSVText {
    /// The UTF-8 byte-order mark: spreadsheet programs read the file as UTF-8 (Chinese text) only with it.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private static let formulaStarts: [UInt8] = ["=", "+", "-", "@", "\t", "\r"].map { UInt8(ascii: $0) }

    /// Appends one record, its line break included.
    public static func append(record fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(comma) }
            append(field: field, to: &bytes)
        }
        bytes.append(carriageReturn)
        bytes.append(lineFeed)
    }

    public static func append(field value: String, to bytes: inout [UInt8]) {
        let utf8 = value.utf8
        let quoted = utf8.contains { $0 == comma || $0 == quote || $0 == lineFeed || $0 == carriageReturn }
        if quoted { bytes.append(quote) }
        if let first = utf8.first, formulaStarts.contains(first) { bytes.append(apostrophe) }
        for byte in utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        if quoted { bytes.append(quote) }
    }

    /// One record as text (tests and small answers).
    public static func record(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        append(record: fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
