import Foundation

/// A URL's host as the system's resolver will read it: an IPv4 address in any form `inet_aton` accepts
/// (`127.1`, `0x7f000001`, `017700000001`, `2130706433`, a trailing dot), an IPv6 address (with an
/// embedded IPv4 address, `::`, brackets), or a name. Matching the text instead lets `https://2130706433/`
/// reach this machine (the SSRF probes of the edge issue).
public enum HostAddress: Sendable, Equatable {
    case ipv4(UInt32)
    case ipv6([UInt8])
    /// A name, lower-cased, without a trailing dot.
    case name(String)

    /// - Returns: nil when `host` is not a host at all (empty, a bracketed text that is not IPv6, a zone id).
    public static func parse(_ host: String) -> HostAddress? {
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), let bytes = ipv6(host.dropFirst().dropLast()) else { return nil }
            return .ipv6(bytes)
        }
        var text = Substring(host.lowercased())
        // The resolver reads one trailing dot as the root: `127.0.0.1.` and `localhost.` are what they look like.
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        if let bytes = ipv6(text) { return .ipv6(bytes) }
        if let address = ipv4(text) { return .ipv4(address) }
        return .name(String(text))
    }

    /// `inet_aton`'s forms: one to four parts, each decimal, octal (a leading 0) or hex (0x); the last part
    /// fills the bytes the others leave (`a`, `a.b` with b 24 bits, `a.b.c` with c 16 bits, `a.b.c.d`).
    static func ipv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = number(part) else { return nil }
            values.append(value)
        }
        let lastBits = UInt64(32 - 8 * (parts.count - 1))
        guard values.dropLast().allSatisfy({ $0 <= 0xFF }), values.last! < (1 << lastBits) else { return nil }
        var address: UInt64 = 0
        for (index, value) in values.dropLast().enumerated() { address |= value << UInt64(24 - 8 * index) }
        return UInt32(address | values.last!)
    }

    private static func number(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.utf8.count <= 32 else { return nil }
        if part.hasPrefix("0x") {
            let digits = part.dropFirst(2)
            return digits.isEmpty ? 0 : UInt64(digits, radix: 16)
        }
        if part.count > 1, part.hasPrefix("0") { return UInt64(part.dropFirst(), radix: 8) }
        return UInt64(part, radix: 10)
    }

    /// RFC 4291 text: eight groups, `::` for a run of zero groups, an IPv4 address in the last 32 bits.
    static func ipv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), !text.contains("%") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String) -> [UInt16]? {
            guard !half.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4Dotted(piece) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Dotted decimal only, as IPv6's embedded form is written.
    private static func ipv4Dotted(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = UInt32(part, radix: 10), value <= 255 else {
                return nil
            }
            address = address << 8 | value
        }
        return address
    }
}
