import Crypto
public import Foundation
public import Models

/// A partner merchant's API key as the partner holds it (DESIGN §5): `ask_` + the tenant and the key's id
/// (32 hex digits each) + `_` + 43 characters of base64url secret (32 random bytes). The tenant and key id
/// let the exchange find the key under row-level security without a cross-tenant lookup; only the SHA-256
/// of the secret is stored — a secret of 256 random bits needs no slow hash — and compared in constant time.
public struct PartnerApiKeySecret: Sendable, Equatable {
    public static let prefix = "ask_"

    public let tenant: TenantID
    public let keyID: UUID
    /// The random part, base64url.
    public let secret: String

    /// A new key for `keyID` of `tenant`, from the system's secure random source.
    public static func mint(tenant: TenantID, keyID: UUID) -> PartnerApiKeySecret {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return PartnerApiKeySecret(tenant: tenant, keyID: keyID, secret: bytes.base64URLEncoded)
    }

    /// The key as the partner presents it.
    public var presented: String { Self.prefix + hex(tenant.uuid) + hex(keyID) + "_" + secret }

    /// What is stored: the secret's SHA-256, hex.
    public var hash: String { Self.hash(secret) }

    /// The first characters of the key, safe to show beside its name so a partner can tell keys apart.
    public var hint: String { String(presented.prefix(Self.prefix.count + 8)) + "…" + String(secret.suffix(4)) }

    /// The parts of a presented key; nil for anything not shaped like one.
    public static func parse(_ text: String) -> PartnerApiKeySecret? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 4 + 64 + 1 + 43, text.hasPrefix(prefix), utf8[68] == UInt8(ascii: "_") else { return nil }
        let ids = String(decoding: utf8[4..<68], as: UTF8.self)
        let secret = String(decoding: utf8[69...], as: UTF8.self)
        guard let tenant = uuid(hex: ids.prefix(32)), let key = uuid(hex: ids.suffix(32)),
            secret.utf8.allSatisfy({ base64URLAlphabet.contains($0) })
        else { return nil }
        return PartnerApiKeySecret(tenant: TenantID(tenant), keyID: key, secret: secret)
    }

    /// Whether this key's secret is the one `storedHash` was made from, in time independent of where they differ.
    public func matches(_ storedHash: String) -> Bool {
        let ours = Array(hash.utf8)
        let theirs = Array(storedHash.utf8)
        guard ours.count == theirs.count else { return false }
        return zip(ours, theirs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private func hex(_ uuid: UUID) -> String { uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    private static func uuid(hex: Substring) -> UUID? {
        guard hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        let h = Array(hex)
        let text = String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
        return UUID(uuidString: text)
    }
}
