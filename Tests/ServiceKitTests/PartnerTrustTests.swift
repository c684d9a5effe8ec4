import Foundation
import Models
import Synchronization
import TestSupport
import Testing

@testable import ServiceKit

/// A key is tied to the issuers and roles it may sign for (DESIGN §5): Dispatch's partner key signs
/// merchant tokens of its own issuer only, and the operator's keys cannot pass for Dispatch. Without I/O.
@Suite struct PartnerTrustTests {
    static func authenticator(issuers: Set<String> = [TestTokens.issuer]) async throws -> TokenAuthenticator {
        try await TokenAuthenticator(keySet: TestTokens.keySet, issuers: issuers, partnerKeySet: TestTokens.partnerKeySet)
    }

    static func token(_ key: TestTokens.Key, issuer: String, roles: [Role], merchant: UUID? = UUID()) async throws -> String {
        var claims = TestTokens.claims(tenant: TestTenants.a, roles: roles, merchant: merchant)
        claims.iss = issuer
        return "Bearer " + (try await TestTokens.sign(claims, with: key))
    }

    @Test func dispatchsKeySignsMerchantTokensOfItsOwnIssuerOnly() async throws {
        let authenticator = try await Self.authenticator()
        let merchant = UUID()
        let good = try await authenticator.authenticate(
            authorization: try await Self.token(TestTokens.partnerKey, issuer: "aftersales-dispatch", roles: [.merchant], merchant: merchant)
        )
        #expect(good.roles == [.merchant] && good.merchantID == merchant && good.issuer == "aftersales-dispatch")

        let refusals: [(String, TestTokens.Key, String, [Role])] = [
            ("a staff role from Dispatch's key", TestTokens.partnerKey, "aftersales-dispatch", [.tenantAdmin]),
            ("merchant plus a staff role", TestTokens.partnerKey, "aftersales-dispatch", [.merchant, .supervisor]),
            ("the service role", TestTokens.partnerKey, "aftersales-dispatch", [.service]),
            ("the operator's issuer on Dispatch's key", TestTokens.partnerKey, TestTokens.issuer, [.merchant]),
            ("Dispatch's issuer on the operator's key", TestTokens.primaryKey, "aftersales-dispatch", [.merchant]),
        ]
        for (what, key, issuer, roles) in refusals {
            let token = try await Self.token(key, issuer: issuer, roles: roles)
            await #expect(throws: ErrorBody.self, "\(what)") { try await authenticator.authenticate(authorization: token) }
        }
    }

    @Test func theOperatorsIssuersAndKeyIdsCannotOverlapDispatchs() async throws {
        await #expect(throws: KeySetError.self) { try await Self.authenticator(issuers: [TestTokens.issuer, "aftersales-dispatch"]) }
        let clash = #"{"keys":[\#(TestTokens.Key(id: TestTokens.primaryKey.id, privateKey: TestTokens.partnerKey.privateKey).jwk)]}"#
        await #expect(throws: KeySetError.self) {
            _ = try await TokenAuthenticator(keySet: TestTokens.keySet, issuers: [TestTokens.issuer], partnerKeySet: clash)
        }
    }

    @Test func aPresentedKeyParsesBackAndMatchesOnlyItsOwnHash() throws {
        let tenant = TestTenants.a
        let id = UUID()
        let key = PartnerApiKeySecret.mint(tenant: tenant, keyID: id)
        let parsed = try #require(PartnerApiKeySecret.parse(key.presented))
        #expect(parsed == key && parsed.tenant == tenant && parsed.keyID == id)
        #expect(parsed.matches(key.hash) && !parsed.matches(PartnerApiKeySecret.mint(tenant: tenant, keyID: id).hash))
        #expect(key.hash.count == 64 && !key.hash.contains(key.secret) && !key.hint.contains(key.secret))
        #expect(PartnerApiKeySecret.mint(tenant: tenant, keyID: id).secret != key.secret, "every key is random")
        for malformed in [
            "", "ask_", String(key.presented.dropLast()), key.presented + "A", key.presented.replacingOccurrences(of: "ask_", with: "asx_"),
            key.presented.uppercased(), String(key.presented.prefix(100)) + "!!!!!!!!!!!!",
        ] {
            #expect(PartnerApiKeySecret.parse(malformed) == nil, "\(malformed)")
        }
    }

    @Test func aThrottleRefusesAfterTheLimitUntilTheOldestFailureLeavesTheWindow() {
        let now = Mutex(ContinuousClock.now)
        let throttle = FailureThrottle(limit: 3, window: .seconds(60), instant: { now.withLock { $0 } })
        func advance(_ seconds: Int) { now.withLock { $0 = $0.advanced(by: .seconds(seconds)) } }
        throttle.recordFailure("key:a")
        advance(10)
        throttle.recordFailure("key:a", "source:x")
        #expect(throttle.retryAfter("key:a") == nil, "two of three")
        advance(10)
        throttle.recordFailure("key:a")
        #expect(throttle.retryAfter("key:a") == .seconds(40), "the first failure leaves the window 40 s from now")
        #expect(throttle.retryAfter("key:b") == nil && throttle.retryAfter("source:x") == nil)
        advance(40)
        #expect(throttle.retryAfter("key:a") == nil)
        #expect(Duration.milliseconds(1500).wholeSecondsRoundedUp == 2 && Duration.seconds(3).wholeSecondsRoundedUp == 3)
    }

    /// Made-up keys cannot grow the counters without bound: at capacity the old go, then all.
    @Test func aFullThrottleForgetsRatherThanGrows() {
        let now = Mutex(ContinuousClock.now)
        let throttle = FailureThrottle(limit: 1, window: .seconds(60), capacity: 2, instant: { now.withLock { $0 } })
        throttle.recordFailure("a")
        throttle.recordFailure("b")
        #expect(throttle.retryAfter("a") != nil && throttle.retryAfter("b") != nil)
        throttle.recordFailure("c")
        #expect(throttle.retryAfter("c") != nil && throttle.retryAfter("a") == nil, "a full map of recent failures is forgotten")
    }
}
