import Crypto
public import Foundation
public import JWTKit
public import Models

/// Keys and tokens for tests: what the deployment's operator key would issue, and every way a token can be
/// wrong. The services verify against ``keySet`` (keys `k1` and `k2`, the second standing for a rotation);
/// ``strangerKey`` is in no key set.
public enum TestTokens {
    public static let issuer = "aftersales-operator"

    public struct Key: Sendable {
        public let id: String
        public let privateKey: EdDSA.PrivateKey

        public init(id: String, privateKey: EdDSA.PrivateKey) {
            self.id = id
            self.privateKey = privateKey
        }

        /// The private key as PKCS#8 PEM, for an independent implementation (PyJWT) to sign with.
        public var privatePEM: String { privateKey.pemRepresentation }
        /// The public key as SPKI PEM.
        public var publicPEM: String { privateKey.publicKey.pemRepresentation }
        /// The public key as a JWK (base64url `x`).
        public var jwk: String {
            let x = privateKey.publicKey.rawRepresentation.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            return #"{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","use":"sig","kid":"\#(id)","x":"\#(x)"}"#
        }
    }

    public static let primaryKey = Key(id: "k1", privateKey: try! EdDSA.PrivateKey(curve: .ed25519))
    public static let rotatedKey = Key(id: "k2", privateKey: try! EdDSA.PrivateKey(curve: .ed25519))
    public static let strangerKey = Key(id: "k9", privateKey: try! EdDSA.PrivateKey(curve: .ed25519))

    /// Dispatch's key for partner merchants' tokens: in ``partnerKeySet`` (AUTH_PARTNER_JWKS), trusted only
    /// for the issuer `aftersales-dispatch` and the merchant role.
    public static let partnerKey = Key(id: "dispatch-test-1", privateKey: try! EdDSA.PrivateKey(curve: .ed25519))
    public static var partnerKeySet: String { #"{"keys":[\#(partnerKey.jwk)]}"# }
    /// What every service under test is configured with for partner tokens (Dispatch signs with the key;
    /// the others ignore the signing settings).
    public static var partnerEnvironment: [String: String] {
        ["AUTH_PARTNER_JWKS": partnerKeySet, "PARTNER_TOKENS_SIGNING_KEY": partnerKey.privatePEM, "PARTNER_TOKENS_KEY_ID": partnerKey.id]
    }

    /// What a service under test signs its own service tokens with (the primary key, which every test
    /// key set holds).
    public static var serviceKeyEnvironment: [String: String] {
        ["AUTH_SERVICE_KEY": primaryKey.privatePEM, "AUTH_SERVICE_KEY_ID": primaryKey.id]
    }

    /// The JWKS the services under test trust.
    /// The page-token key of every service under test (`paging.token_keys`).
    public static let pageTokenKeys = "dGVzdCBwYWdlIHRva2VuIGtleSBvZiAzMiBieXRlcyE="

    public static var keySet: String { #"{"keys":[\#(primaryKey.jwk),\#(rotatedKey.jwk)]}"# }
    /// A key set with only the primary key (before the rotation).
    public static var keySetBeforeRotation: String { #"{"keys":[\#(primaryKey.jwk)]}"# }

    /// Claims as DESIGN §9 has them; every field optional so a test can leave one out.
    public struct Claims: JWTPayload, Sendable {
        public var iss: String?
        public var aud: [String]?
        public var sub: String?
        public var iat: Int?
        public var nbf: Int?
        public var exp: Int?
        public var jti: String?
        public var tid: String?
        public var roles: [String]?
        public var mid: String?

        public func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Valid claims for `tenant` with `roles`, issued now for an hour.
    public static func claims(
        tenant: TenantID?,
        roles: [Role],
        merchant: UUID? = nil,
        subject: String = "staff-1",
        now: Date = Date()
    ) -> Claims {
        let seconds = Int(now.timeIntervalSince1970)
        return Claims(
            iss: issuer,
            aud: ["aftersales"],
            sub: subject,
            iat: seconds,
            nbf: seconds,
            exp: seconds + 3600,
            jti: UUID().uuidString.lowercased(),
            tid: tenant?.description,
            roles: roles.map(\.rawValue),
            mid: merchant?.uuidString.lowercased()
        )
    }

    /// Signs `claims` with `key`; the header names the key's id unless `withKeyID` is false.
    public static func sign(_ claims: Claims, with key: Key = primaryKey, withKeyID: Bool = true) async throws -> String {
        let keys = JWTKeyCollection()
        if withKeyID {
            await keys.add(eddsa: key.privateKey, kid: JWKIdentifier(string: key.id))
            return try await keys.sign(claims, kid: JWKIdentifier(string: key.id))
        }
        await keys.add(eddsa: key.privateKey)
        return try await keys.sign(claims)
    }

    /// A token for `tenant` with `roles`, signed with the primary key.
    public static func token(tenant: TenantID?, roles: [Role], merchant: UUID? = nil, subject: String = "staff-1") async throws -> String {
        try await sign(claims(tenant: tenant, roles: roles, merchant: merchant, subject: subject))
    }

    /// A token assembled by hand: any header, the claims, and a signature of the test's choosing.
    public static func handMade(header: String, claims: Claims, signature: (Data) -> Data) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = base64URL(Data(header.utf8)) + "." + base64URL(try encoder.encode(claims))
        return signingInput + "." + base64URL(signature(Data(signingInput.utf8)))
    }

    /// `alg: none`, no signature.
    public static func unsigned(_ claims: Claims) throws -> String {
        try handMade(header: #"{"alg":"none","kid":"k1","typ":"JWT"}"#, claims: claims) { _ in Data() }
    }

    /// HS256 with the primary key's public key as the HMAC secret (the classic algorithm-confusion attack).
    public static func hmacWithPublicKey(_ claims: Claims) throws -> String {
        let secret = SymmetricKey(data: primaryKey.privateKey.publicKey.rawRepresentation)
        return try handMade(header: #"{"alg":"HS256","kid":"k1","typ":"JWT"}"#, claims: claims) { input in
            Data(HMAC<SHA256>.authenticationCode(for: input, using: secret))
        }
    }

    /// Signed by a key outside the key set while claiming to be the primary key.
    public static func forged(_ claims: Claims) throws -> String {
        try handMade(header: #"{"alg":"EdDSA","kid":"k1","typ":"JWT"}"#, claims: claims) { input in
            (try? Curve25519.Signing.PrivateKey(rawRepresentation: strangerKey.privateKey.rawRepresentation).signature(for: input))
                ?? Data()
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
