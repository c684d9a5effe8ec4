import Crypto
public import Foundation

/// The Standard Webhooks signing scheme (standard-webhooks spec v1.0.0; reference §3.7), as partners'
/// verifiers read it: `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one
/// signature per valid secret separated by spaces (secret rotation), secrets `whsec_<base64>`.
public enum StandardWebhooks {
    public static let secretPrefix = "whsec_"

    /// A new secret: 32 random bytes, base64, prefixed.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return secretPrefix + Data(bytes).base64EncodedString()
    }

    /// The key bytes of `secret` (with or without its prefix); nil when it is not base64 of at least 24 bytes.
    public static func key(of secret: String) -> Data? {
        let encoded = secret.hasPrefix(secretPrefix) ? String(secret.dropFirst(secretPrefix.count)) : secret
        guard let bytes = Data(base64Encoded: encoded), bytes.count >= 24 else { return nil }
        return bytes
    }

    /// `v1,<base64>` for one key.
    public static func signature(id: String, timestamp: Int64, body: Data, key: Data) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header: one signature per key, in the order given (newest first).
    public static func signatureHeader(id: String, timestamp: Int64, body: Data, keys: [Data]) -> String {
        keys.map { signature(id: id, timestamp: timestamp, body: body, key: $0) }.joined(separator: " ")
    }

    /// Unix seconds now, by the wall clock — never the business clock: the receiver checks the timestamp
    /// against its own clock (5 minutes' tolerance), so a test clock set days ahead must not reach it.
    public static func wallClockTimestamp() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The three headers of a delivery: `webhook-id`, `webhook-timestamp` (Unix seconds of the wall clock —
    /// the receiver compares it with its own, so never the business clock), `webhook-signature`.
    public static func headers(id: String, timestamp: Int64, body: Data, keys: [Data]) -> [(String, String)] {
        [
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signatureHeader(id: id, timestamp: timestamp, body: body, keys: keys)),
        ]
    }
}
