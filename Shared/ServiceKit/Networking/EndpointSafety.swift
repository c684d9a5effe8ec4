/// Where the platform may send a partner's data (webhooks): only to the public internet. One place decides,
/// for a URL's host when an endpoint is registered — parsed as the resolver will read it (``HostAddress``) —
/// and for the address a delivery actually connects to (``isPublic(_:)``), since a public name may resolve
/// to a private address at delivery time.
public enum EndpointSafety {
    /// What a host is, for deliveries.
    public enum Verdict: Sendable, Equatable {
        /// On the public internet (or a name that may resolve there: checked again at delivery).
        case publicHost
        /// This machine, a private, shared or reserved network: only test mode may deliver there.
        case restricted(String)
        /// Not a host at all.
        case invalid(String)
    }

    /// The verdict on `host` (a URL's host, brackets included or not for IPv6).
    public static func verdict(host: String) -> Verdict {
        guard let address = HostAddress.parse(host) else { return .invalid("is not a valid host") }
        switch address {
        case .ipv4, .ipv6:
            return isPublic(address) ? .publicHost : .restricted("must not point at this machine or a private, shared or reserved network")
        case .name(let name):
            return verdict(name: name)
        }
    }

    /// Whether a resolved or literal address is on the public internet: not loopback, private (RFC 1918,
    /// RFC 4193), shared (RFC 6598), link-local (with the cloud metadata address), multicast, documentation
    /// or otherwise reserved — and, for IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64,
    /// 6to4), not one of those either.
    public static func isPublic(_ address: HostAddress) -> Bool {
        switch address {
        case .ipv4(let value): isPublicIPv4(value)
        case .ipv6(let bytes): bytes.count == 16 && isPublicIPv6(bytes)
        case .name: false
        }
    }

    /// Names that resolve here or inside a private network, and names that are not names.
    private static func verdict(name: String) -> Verdict {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed =
            name.utf8.count <= 253
            && labels.allSatisfy { label in
                (1...63).contains(label.utf8.count)
                    && label.utf8.allSatisfy {
                        $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A)
                    }
            }
        guard wellFormed else { return .invalid("is not a valid host name") }
        // A last label of digits is an address the resolver reads in a form not parsed here: never a name.
        if let last = labels.last, last.allSatisfy(\.isNumber) { return .invalid("is not a valid host") }
        if name == "localhost" || name.hasSuffix(".localhost") { return .restricted("must not point at this machine") }
        if labels.count < 2 { return .restricted("must be a fully qualified name (a single label resolves inside the network)") }
        let privateSuffixes = ["localhost", "local", "internal", "intranet", "lan", "home.arpa", "localdomain", "corp", "private"]
        if privateSuffixes.contains(where: { name == $0 || name.hasSuffix("." + $0) }) {
            return .restricted("must not point at this machine or a private network")
        }
        return .publicHost
    }

    private static func isPublicIPv4(_ address: UInt32) -> Bool {
        let blocked: [(UInt32, Int)] = [
            (0x0000_0000, 8),  // "this" network
            (0x0A00_0000, 8),  // private
            (0x6440_0000, 10),  // shared address space (carrier-grade NAT)
            (0x7F00_0000, 8),  // loopback
            (0xA9FE_0000, 16),  // link-local, the cloud metadata address among them
            (0xAC10_0000, 12),  // private
            (0xC000_0000, 24),  // IETF protocol assignments
            (0xC000_0200, 24),  // documentation
            (0xC058_6300, 24),  // 6to4 relay anycast
            (0xC0A8_0000, 16),  // private
            (0xC612_0000, 15),  // benchmarking
            (0xC633_6400, 24),  // documentation
            (0xCB00_7100, 24),  // documentation
            (0xE000_0000, 4),  // multicast
            (0xF000_0000, 4),  // reserved, broadcast
        ]
        return !blocked.contains { network, bits in address >> UInt32(32 - bits) == network >> UInt32(32 - bits) }
    }

    private static func isPublicIPv6(_ bytes: [UInt8]) -> Bool {
        func prefix(_ expected: [UInt8], bits: Int) -> Bool {
            for bit in 0..<bits {
                let mask = UInt8(0x80) >> UInt8(bit % 8)
                if (bytes[bit / 8] & mask) != (expected[bit / 8] & mask) { return false }
            }
            return true
        }
        func ipv4(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        let zeros = [UInt8](repeating: 0, count: 16)
        if bytes == zeros { return false }  // unspecified
        if prefix(zeros, bits: 96) { return isPublicIPv4(ipv4(at: 12)) && ipv4(at: 12) > 1 }  // ::1 loopback, IPv4-compatible
        if prefix(zeros + [], bits: 80), bytes[10] == 0xFF, bytes[11] == 0xFF { return isPublicIPv4(ipv4(at: 12)) }  // IPv4-mapped
        if prefix([0x00, 0x64, 0xFF, 0x9B] + zeros, bits: 96) { return isPublicIPv4(ipv4(at: 12)) }  // NAT64 well-known
        if prefix([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01] + zeros, bits: 48) { return false }  // NAT64 local use
        if prefix([0x20, 0x02] + zeros, bits: 16) { return isPublicIPv4(ipv4(at: 2)) }  // 6to4
        let blocked: [([UInt8], Int)] = [
            ([0x01, 0x00], 64),  // discard
            ([0x20, 0x01, 0x00, 0x00], 32),  // Teredo (carries a hidden IPv4 address)
            ([0x20, 0x01, 0x0D, 0xB8], 32),  // documentation
            ([0xFC, 0x00], 7),  // unique local
            ([0xFE, 0x80], 10),  // link-local
            ([0xFE, 0xC0], 10),  // site-local (deprecated, still routed inside)
            ([0xFF, 0x00], 8),  // multicast
        ]
        return !blocked.contains { network, bits in prefix(network + zeros, bits: bits) }
    }
}
