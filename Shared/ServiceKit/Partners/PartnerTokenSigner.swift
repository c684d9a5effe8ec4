public import Foundation
import JWTKit
public import Models

/// Signs partner merchants' tokens for Dispatch's token exchange (DESIGN §5, §9): issuer
/// ``TokenAuthenticator/partnerIssuer``, role `merchant` only, `mid` the API key's merchant, subject the key
/// (`api_key:<id>`, so a call is traced to the key that paid for it), short-lived, on the wall clock.
public struct PartnerTokenSigner: Sendable {
    private let issuer: TokenIssuer
    public let lifetime: Duration
    public var keyID: String { issuer.keyID }

    /// - Throws: ``KeySetError`` when `partnerKeySet` (what every service trusts) does not hold this key's
    ///   public half under `keyID`: tokens it signed would be refused everywhere.
    public init(privateKeyPEM: String, keyID: String, partnerKeySet: String, lifetime: Duration) throws(KeySetError) {
        do {
            issuer = try TokenIssuer(privateKeyPEM: privateKeyPEM, keyID: keyID, issuer: TokenAuthenticator.partnerIssuer)
        } catch {
            throw KeySetError(reason: "cannot use the signing key: it is not an Ed25519 private key (PKCS#8 PEM)")
        }
        let published = try KeySet.parse(partnerKeySet)
        let own = try? OperatorKeys.publicJWK(privateKeyPEM: privateKeyPEM, keyID: keyID)["x"]
        guard let entry = published.first(where: { $0.id == keyID }), PartnerKeySet.x(entry) == own else {
            throw KeySetError(reason: "does not hold the signing key's public key under kid \(keyID)")
        }
        self.lifetime = lifetime
    }

    /// A merchant token for `merchant` of `tenant`, paid for by API key `apiKey`.
    public func token(tenant: TenantID, merchant: UUID, apiKey: UUID, now: Date = Date()) async throws -> String {
        try await issuer.issue(
            subject: "api_key:\(apiKey.wire)",
            tenant: tenant,
            roles: [.merchant],
            merchant: merchant,
            lifetime: lifetime,
            now: now
        )
    }
}

/// Dispatch's public key set as partners read it (GET /.well-known/jwks.json).
public enum PartnerKeySet {
    /// Each key of `json` (AUTH_PARTNER_JWKS) as a public JWK: kty, crv, alg, use, kid, x.
    public static func publicKeys(_ json: String) throws(KeySetError) -> [(kid: String, x: String)] {
        try KeySet.parse(json).map { ($0.id, x($0)) }
    }

    static func x(_ key: KeySet.Key) -> String {
        key.publicKey.rawRepresentation.base64URLEncoded
    }
}
