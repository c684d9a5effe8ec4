import Crypto
import Models

/// One pass over a request body before anything decodes it (RFC 8259): it must be valid UTF-8 JSON, nested
/// at most ``maxDepth`` deep, with no NUL character (PostgreSQL refuses NUL in text, so one let through
/// would answer 500) and no object holding the same key twice (the generated decoder keeps one value and a
/// fingerprint another, so a replay could answer for a body that was never stored).
///
/// The same pass can write the body's canonical form — object members sorted by key, insignificant
/// whitespace dropped, strings written one way — whose hash is the request's fingerprint for its
/// `Idempotency-Key`: two bodies that differ only in key order, whitespace or string escapes are the same
/// request. Numbers are compared as written.
struct JSONBodyScan {
    static let maxDepth = 64

    /// Checks `bytes`; returns the SHA-256 (hex) of the canonical form when `fingerprint` is set.
    /// - Throws: invalid_argument naming the field at fault (`body` when it is the text itself).
    static func check(_ bytes: [UInt8], fingerprint: Bool) throws(ErrorBody) -> String? {
        var scan = JSONBodyScan(bytes: bytes, canonical: fingerprint)
        do throws(Problem) {
            scan.skipWhitespace()
            try scan.value(depth: 0)
            scan.skipWhitespace()
            guard scan.index == bytes.count else { throw Problem.syntax("unexpected text after the JSON value") }
        } catch {
            throw error.body(path: scan.pathText)
        }
        guard fingerprint else { return nil }
        return SHA256.hash(data: scan.output).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    enum Problem: Error {
        case syntax(String)
        case invalidUTF8
        case nul
        case duplicateKey
        case tooDeep

        func body(path: String) -> ErrorBody {
            let (field, reason): (String, String) =
                switch self {
                case .syntax(let why): ("body", "is not valid JSON: \(why)")
                case .invalidUTF8: ("body", "must be valid UTF-8")
                case .nul: (path.isEmpty ? "body" : path, "must not contain NUL characters")
                case .duplicateKey: (path.isEmpty ? "body" : path, "appears more than once in its object")
                case .tooDeep: ("body", "must not nest more than \(JSONBodyScan.maxDepth) levels deep")
                }
            return .invalidArgument([FieldViolation(field: field, reason: reason)])
        }
    }

    private enum PathComponent {
        case key([UInt8])
        case index(Int)
    }

    private let bytes: [UInt8]
    private let canonical: Bool
    private var index = 0
    /// Where the scan is, for naming the field at fault.
    private var path: [PathComponent] = []
    /// The canonical form written so far (only when `canonical`).
    private(set) var output: [UInt8] = []

    private init(bytes: [UInt8], canonical: Bool) {
        self.bytes = bytes
        self.canonical = canonical
        if canonical { output.reserveCapacity(bytes.count) }
    }

    var pathText: String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += (text.isEmpty ? "" : ".") + String(decoding: key, as: UTF8.self)
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private mutating func value(depth: Int) throws(Problem) {
        guard depth < Self.maxDepth else { throw .tooDeep }
        guard index < bytes.count else { throw .syntax("the body ends too early") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""):
            let text = try string()
            if canonical { write(string: text) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func object(depth: Int) throws(Problem) {
        index += 1
        var keys: [[UInt8]] = []
        // Each member's canonical text, to be sorted by key.
        var members: [(key: [UInt8], text: [UInt8])] = []
        let outer = output
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            if canonical { output = outer + [UInt8(ascii: "{"), UInt8(ascii: "}")] }
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw .syntax("expected a key in quotes") }
            let key = try string()
            path.append(.key(key))
            if keys.contains(key) { throw .duplicateKey }
            keys.append(key)
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw .syntax("expected ':' after a key") }
            index += 1
            skipWhitespace()
            output = []
            try value(depth: depth + 1)
            if canonical { members.append((key, output)) }
            path.removeLast()
            skipWhitespace()
            guard let next = peek else { throw .syntax("the body ends inside an object") }
            index += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { throw .syntax("expected ',' or '}' in an object") }
        }
        guard canonical else { return }
        output = outer
        output.append(UInt8(ascii: "{"))
        for (position, member) in members.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            write(string: member.key)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: member.text)
        }
        output.append(UInt8(ascii: "}"))
    }

    private mutating func array(depth: Int) throws(Problem) {
        index += 1
        if canonical { output.append(UInt8(ascii: "[")) }
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            if canonical { output.append(UInt8(ascii: "]")) }
            return
        }
        var position = 0
        while true {
            path.append(.index(position))
            skipWhitespace()
            try value(depth: depth + 1)
            path.removeLast()
            skipWhitespace()
            guard let next = peek else { throw .syntax("the body ends inside an array") }
            index += 1
            if next == UInt8(ascii: "]") { break }
            guard next == UInt8(ascii: ",") else { throw .syntax("expected ',' or ']' in an array") }
            if canonical { output.append(UInt8(ascii: ",")) }
            position += 1
        }
        if canonical { output.append(UInt8(ascii: "]")) }
    }

    /// A string's decoded UTF-8 bytes; the index is past its closing quote.
    private mutating func string() throws(Problem) -> [UInt8] {
        index += 1
        var decoded: [UInt8] = []
        while true {
            guard index < bytes.count else { throw .syntax("the body ends inside a string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return decoded
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0:
                throw .nul
            case ..<0x20:
                throw .syntax("a control character must be escaped in a string")
            case ..<0x80:
                decoded.append(byte)
                index += 1
            default:
                try utf8Sequence(into: &decoded)
            }
        }
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Problem) {
        guard index + 1 < bytes.count else { throw .syntax("the body ends inside a string") }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw .syntax("a \\u escape leaves a surrogate unpaired")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .syntax("a \\u escape leaves a surrogate unpaired") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw .syntax("a \\u escape leaves a surrogate unpaired")
            }
            guard scalar != 0 else { throw .nul }
            guard let unicode = Unicode.Scalar(scalar) else { throw .syntax("a \\u escape is not a character") }
            decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw .syntax("unknown escape in a string")
        }
    }

    private mutating func hex4() throws(Problem) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .syntax("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    /// One multi-byte UTF-8 sequence, checked as Unicode requires (no overlong forms, no surrogates, at most
    /// U+10FFFF).
    private mutating func utf8Sequence(into decoded: inout [UInt8]) throws(Problem) {
        let first = bytes[index]
        let length: Int
        let lowest: UInt32
        switch first {
        case 0xC2...0xDF: (length, lowest) = (2, 0x80)
        case 0xE0...0xEF: (length, lowest) = (3, 0x800)
        case 0xF0...0xF4: (length, lowest) = (4, 0x10000)
        default: throw .invalidUTF8
        }
        guard index + length <= bytes.count else { throw .invalidUTF8 }
        var scalar = UInt32(first) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for byte in bytes[index + 1..<index + length] {
            guard byte & 0xC0 == 0x80 else { throw .invalidUTF8 }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        guard scalar >= lowest, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { throw .invalidUTF8 }
        decoded.append(contentsOf: bytes[index..<index + length])
        index += length
    }

    private mutating func literal(_ word: StaticString) throws(Problem) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ expected in bytes[index..<index + count].elementsEqual(expected) })
        else { throw .syntax("unexpected text") }
        if canonical { output.append(contentsOf: bytes[index..<index + count]) }
        index += count
    }

    private mutating func number() throws(Problem) {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, isDigit(first) else { throw .syntax("unexpected text") }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let digit = peek, isDigit(digit) else { throw .syntax("a number needs digits after its point") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek, isDigit(digit) else { throw .syntax("a number needs digits in its exponent") }
            skipDigits()
        }
        if canonical { output.append(contentsOf: bytes[start..<index]) }
    }

    /// Writes decoded string bytes in the one canonical way: quotes and backslashes escaped, control
    /// characters as `\u00XX`, everything else as itself.
    private mutating func write(string: [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case ..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { index += 1 }
    }

    mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }
}
