public import Foundation
import JWTKit
public import Models
import Synchronization

/// Verifies bearer tokens (DESIGN §5, §9): EdDSA only, against a JSON Web Key Set whose keys all carry a
/// key id; `iss`, `aud`, `exp` and `nbf` checked against the wall clock with a small skew (never the
/// business clock: a test moving time must not expire or revive tokens).
///
/// A verified token is remembered until its `exp` (``VerifiedTokens``, bounded), so a partner's repeated
/// calls with one token cost one signature check; replacing the key set forgets every one of them.
public final class TokenAuthenticator: Authenticator {
    public static let audience = "aftersales"
    /// Who signs partner merchants' tokens: Dispatch, in exchange for an API key (DESIGN §5).
    public static let partnerIssuer = "aftersales-dispatch"

    /// What a key may sign for: a key is tied to its issuers and, for Dispatch's keys, to the merchant role —
    /// a token from Dispatch's key naming a staff role or another issuer is refused, and the operator's
    /// keys cannot pass for Dispatch.
    struct Trust: Sendable {
        let issuers: Set<String>
        /// The one role its tokens may carry; nil for any.
        let onlyRole: Role?
    }

    /// The key sets in force, and their generation (bumped by every replacement).
    private struct Keys {
        var collection: JWTKeyCollection
        var trust: [String: Trust]
        var generation: Int
    }

    private let keys: Mutex<Keys>
    private let issuers: Set<String>
    private let partnerKeySet: [KeySet.Key]
    private let skew: TimeInterval
    private let wallClock: @Sendable () -> Date
    private let verified: VerifiedTokens

    /// - Parameters:
    ///   - keySet: the operator's JWKS JSON; every key must be an Ed25519 public key (`kty` OKP) with a `kid`.
    ///   - issuers: `iss` values the operator's keys sign for.
    ///   - partnerKeySet: Dispatch's JWKS, trusted only for ``partnerIssuer`` and the merchant role; nil for none.
    ///   - skew: tolerance on `exp` and `nbf`, for clocks that differ a little between machines.
    ///   - cacheCapacity: verified tokens remembered at most.
    public init(
        keySet: String,
        issuers: Set<String>,
        partnerKeySet: String? = nil,
        skew: TimeInterval = 60,
        cacheCapacity: Int = 10_000,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(KeySetError) {
        guard !issuers.contains(Self.partnerIssuer) else {
            throw KeySetError(reason: "may not be trusted for \(Self.partnerIssuer): only Dispatch's key set (AUTH_PARTNER_JWKS) signs for it")
        }
        self.issuers = issuers
        self.partnerKeySet = try partnerKeySet.map(KeySet.parse) ?? []
        self.keys = Mutex(try await Self.load(KeySet.parse(keySet), issuers: issuers, partner: self.partnerKeySet, generation: 0))
        self.skew = skew
        self.wallClock = wallClock
        self.verified = VerifiedTokens(capacity: cacheCapacity)
    }

    /// Puts `keySet` in force as the operator's keys (rotation: add a key, later retire the old one) and
    /// forgets every verified token, so one signed by a retired key is refused at once.
    public func replaceKeySet(_ keySet: String) async throws(KeySetError) {
        let generation = keys.withLock { $0.generation }
        let loaded = try await Self.load(KeySet.parse(keySet), issuers: issuers, partner: partnerKeySet, generation: generation + 1)
        keys.withLock { keys in
            keys = loaded
            verified.removeAll()
        }
    }

    /// Verified tokens remembered now (for tests and metrics).
    public var rememberedTokens: Int { verified.count }

    private static func load(
        _ operatorKeys: [KeySet.Key],
        issuers: Set<String>,
        partner: [KeySet.Key],
        generation: Int
    ) async throws(KeySetError) -> Keys {
        let collection = JWTKeyCollection()
        var trust: [String: Trust] = [:]
        let operatorTrust = Trust(issuers: issuers, onlyRole: nil)
        let partnerTrust = Trust(issuers: [partnerIssuer], onlyRole: .merchant)
        for (key, keyTrust) in operatorKeys.map({ ($0, operatorTrust) }) + partner.map({ ($0, partnerTrust) }) {
            // One kid, one key, one trust: a kid in both sets would let either pass for the other.
            guard trust[key.id] == nil else { throw KeySetError(reason: "kid \(key.id) is in both the operator's and Dispatch's key sets") }
            trust[key.id] = keyTrust
            await collection.add(eddsa: key.publicKey, kid: JWKIdentifier(string: key.id))
        }
        return Keys(collection: collection, trust: trust, generation: generation)
    }

    public func authenticate(authorization: String?) async throws(ErrorBody) -> Principal {
        // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`.
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            throw Self.refused("a bearer token is required (Authorization: Bearer <token>)")
        }
        let token = authorization.dropFirst(7).trimmed
        let now = wallClock()
        if let principal = verified.principal(for: token, at: now) { return principal }

        let (collection, trusts, generation) = keys.withLock { ($0.collection, $0.trust, $0.generation) }
        // Decided from the header before any key is chosen: jwt-kit would fall back to a default key for a
        // missing or unknown kid, and must never see `none` or an HMAC algorithm.
        guard let header = TokenHeader(token: token) else { throw Self.refused("the token is malformed") }
        guard header.alg == "EdDSA" else { throw Self.refused("only EdDSA tokens are accepted") }
        guard let kid = header.kid else { throw Self.refused("the token has no key id (kid)") }
        guard let trust = trusts[kid] else { throw Self.refused("the token's key id is unknown") }

        let claims: AccessClaims
        do {
            claims = try await collection.verify(token, as: AccessClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw Self.refused("the token's signature is invalid")
        } catch {
            throw Self.refused("the token is malformed or lacks a required claim")
        }
        let principal = try principal(from: claims, trust: trust, now: now)
        // Remembered under the key set it was verified with: a rotation meanwhile forgets it.
        keys.withLock { keys in
            if keys.generation == generation {
                verified.remember(token, principal, until: claims.exp.value.addingTimeInterval(skew), at: now)
            }
        }
        return principal
    }

    private func principal(from claims: AccessClaims, trust: Trust, now: Date) throws(ErrorBody) -> Principal {
        guard trust.issuers.contains(claims.iss.value) else { throw Self.refused("the token's issuer is not trusted for its key") }
        if let only = trust.onlyRole, claims.roles != [only.rawValue] {
            throw Self.refused("the token's key signs \(only.rawValue) tokens only")
        }
        guard claims.aud.value.contains(Self.audience) else { throw Self.refused("the token is not for this audience") }
        guard claims.exp.value.addingTimeInterval(skew) > now else { throw Self.refused("the token has expired") }
        guard claims.nbf.value.addingTimeInterval(-skew) <= now else { throw Self.refused("the token is not valid yet") }

        // Unknown role names are ignored (a newer issuer may know more roles); no known role, no access.
        let roles = Set(claims.roles.compactMap(Role.init(rawValue:)))
        let crossTenant = !roles.isEmpty && roles.isSubset(of: [.service, .platformOperator])
        var tenant: TenantID?
        if let raw = claims.tid {
            guard let parsed = TenantID(raw) else { throw Self.refused("the token's tenant (tid) is not a UUID") }
            tenant = parsed
        } else if !crossTenant {
            throw Self.refused("the token names no tenant (tid)")
        }
        var merchant: UUID?
        if roles.contains(.merchant) {
            // A merchant acts for its merchant only; mixed with a staff role, handlers admitting the staff
            // role would not narrow what it sees.
            guard roles.count == 1 else { throw Self.refused("a merchant token carries the merchant role only") }
            guard let raw = claims.mid, let parsed = UUID(uuidString: raw) else {
                throw Self.refused("a merchant token must name its merchant (mid)")
            }
            merchant = parsed
        }
        guard !claims.sub.value.isEmpty else { throw Self.refused("the token has no subject (sub)") }
        return Principal(subject: claims.sub.value, issuer: claims.iss.value, tenantID: tenant, roles: roles, merchantID: merchant)
    }

    private static func refused(_ message: String) -> ErrorBody {
        ErrorBody(code: .unauthenticated, message: message)
    }
}

/// The configured key set, checked at start: a key set we cannot use is a configuration error, not a
/// stream of refused requests.
struct KeySet {
    struct Key {
        let id: String
        let publicKey: EdDSA.PublicKey
    }

    private struct Document: Decodable {
        struct JWK: Decodable {
            var kty: String?
            var crv: String?
            var x: String?
            var kid: String?
            var alg: String?
        }
        var keys: [JWK]
    }

    static func parse(_ json: String) throws(KeySetError) -> [Key] {
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(json.utf8)) else {
            throw KeySetError(reason: "is not a JSON Web Key Set ({\"keys\":[…]})")
        }
        guard !document.keys.isEmpty else { throw KeySetError(reason: "has no keys") }
        var keys: [Key] = []
        for (index, jwk) in document.keys.enumerated() {
            guard let kid = jwk.kid, !kid.isEmpty else { throw KeySetError(reason: "key \(index) has no kid") }
            guard jwk.kty == "OKP", jwk.crv == "Ed25519", jwk.alg == nil || jwk.alg == "EdDSA", let x = jwk.x else {
                throw KeySetError(reason: "key \(kid) is not an Ed25519 (OKP) public key")
            }
            guard let publicKey = try? EdDSA.PublicKey(x: x, curve: .ed25519) else {
                throw KeySetError(reason: "key \(kid) has an unusable x")
            }
            guard !keys.contains(where: { $0.id == kid }) else { throw KeySetError(reason: "kid \(kid) appears twice") }
            keys.append(Key(id: kid, publicKey: publicKey))
        }
        return keys
    }
}

public struct KeySetError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "the key set \(reason)" }
}
