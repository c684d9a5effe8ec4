public import Foundation
import JWTKit
public import Models

/// Issues access tokens with the deployment's operator key (DESIGN §5): for staff, dashboards, the demo
/// and each service's own service token. Services never issue; they only verify (``TokenAuthenticator``).
public struct TokenIssuer: Sendable {
    public static let defaultIssuer = "aftersales-operator"

    private let key: EdDSA.PrivateKey
    public let keyID: String
    public let issuer: String

    /// - Parameter privateKeyPEM: an Ed25519 private key, PKCS#8 PEM (as `aftersales keys generate` writes).
    public init(privateKeyPEM: String, keyID: String, issuer: String = defaultIssuer) throws {
        key = try EdDSA.PrivateKey(pem: privateKeyPEM)
        self.keyID = keyID
        self.issuer = issuer
    }

    /// A token with the claims of DESIGN §9, valid from `now` for `lifetime`.
    public func issue(
        subject: String,
        tenant: TenantID?,
        roles: [Role],
        merchant: UUID? = nil,
        lifetime: Duration = .seconds(3600),
        now: Date = Date()
    ) async throws -> String {
        let claims = AccessClaims(
            iss: IssuerClaim(value: issuer),
            aud: AudienceClaim(value: [TokenAuthenticator.audience]),
            sub: SubjectClaim(value: subject),
            iat: IssuedAtClaim(value: now),
            nbf: NotBeforeClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime.components.seconds))),
            jti: IDClaim(value: UUID().uuidString.lowercased()),
            tid: tenant?.description,
            roles: roles.map(\.rawValue),
            mid: merchant?.uuidString.lowercased()
        )
        let keys = JWTKeyCollection()
        await keys.add(eddsa: key, kid: JWKIdentifier(string: keyID))
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }
}

/// The operator key pair on disk and the public key set services are configured with (`AUTH_JWKS`).
public enum OperatorKeys {
    /// A new Ed25519 private key as PKCS#8 PEM.
    public static func generatePrivateKeyPEM() throws -> String {
        try EdDSA.PrivateKey(curve: .ed25519).pemRepresentation
    }

    /// The JWK of the public half of `privateKeyPEM`, named `keyID`.
    public static func publicJWK(privateKeyPEM: String, keyID: String) throws -> [String: String] {
        let key = try EdDSA.PrivateKey(pem: privateKeyPEM)
        let x = key.publicKey.rawRepresentation.base64URLEncoded
        return ["kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": keyID, "x": x]
    }

    /// `keySet` (a JWKS, or nil for none) with `jwk` added — rotation is adding a key — or replacing the
    /// key of the same kid.
    public static func keySet(_ keySet: String?, adding jwk: [String: String]) throws -> String {
        var keys: [[String: Any]] = []
        if let keySet {
            // An existing set we cannot read is an error, never an empty set: that would drop every key.
            guard let document = try JSONSerialization.jsonObject(with: Data(keySet.utf8)) as? [String: Any],
                let existing = document["keys"] as? [[String: Any]]
            else { throw KeySetError(reason: "is not a JSON Web Key Set ({\"keys\":[…]})") }
            keys = existing
        }
        keys.removeAll { ($0["kid"] as? String) == jwk["kid"] }
        keys.append(jwk)
        let data = try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
