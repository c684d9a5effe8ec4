/// Hosts a webhook must not target in production: this machine, private and link-local networks (RFC 1918,
/// RFC 4193, RFC 3927/4291), and the cloud metadata address among them. Only literal addresses and local
/// names can be judged here; a public name that resolves to such an address is refused at delivery.
enum PrivateHost {
    static func contains(_ host: String) -> Bool {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".local") || name.hasSuffix(".internal") { return true }
        if let octets = ipv4(name) {
            switch (octets[0], octets[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
            case (172, let second): return (16...31).contains(second)
            case (100, let second): return (64...127).contains(second)  // carrier-grade NAT
            default: return false
            }
        }
        if name.contains(":") {
            let lower = name.lowercased()
            return lower == "::1" || lower == "::" || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("fe8")
                || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") || lower.hasPrefix("::ffff:")
        }
        return false
    }

    /// The four octets of a dotted-decimal IPv4 address.
    static func ipv4(_ name: String) -> [Int]? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isNumber), let value = Int(part), value <= 255 else { return nil }
            return value
        }
        return octets.count == 4 ? octets : nil
    }
}
