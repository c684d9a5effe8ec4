import Foundation
import Models
import Synchronization
import TestSupport
import Testing

@testable import ServiceKit

/// A verified token is remembered until its `exp`, so a partner's repeated calls cost one signature check —
/// and never longer: not past its expiry, not across a key rotation.
@Suite struct VerifiedTokenCacheTests {
    /// A wall clock the test moves.
    final class Clock: Sendable {
        private let now = Mutex(Date())
        var read: @Sendable () -> Date { { [self] in now.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func authenticator(keySet: String = TestTokens.keySet, clock: Clock, capacity: Int = 100) async throws -> TokenAuthenticator {
        try await TokenAuthenticator(
            keySet: keySet,
            issuers: [TestTokens.issuer],
            skew: 60,
            cacheCapacity: capacity,
            wallClock: clock.read
        )
    }

    static func bearer(_ key: TestTokens.Key = TestTokens.primaryKey, now: Date, subject: String = "clerk-1") async throws -> String {
        "Bearer "
            + (try await TestTokens.sign(TestTokens.claims(tenant: TestTenants.a, roles: [.intakeClerk], subject: subject, now: now), with: key))
    }

    @Test func aRepeatedTokenIsVerifiedOnceAndAnswersTheSamePrincipal() async throws {
        let clock = Clock()
        let authenticator = try await Self.authenticator(clock: clock)
        let token = try await Self.bearer(now: clock.read())
        let first = try await authenticator.authenticate(authorization: token)
        #expect(authenticator.rememberedTokens == 1)
        let again = try await authenticator.authenticate(authorization: token)
        #expect(again == first)
        #expect(authenticator.rememberedTokens == 1)
        #expect(first.tenantID == TestTenants.a && first.roles == [.intakeClerk])
    }

    /// Remembered until `exp` plus the skew, exactly as a fresh verification would accept it — not a second more.
    @Test func aRememberedTokenExpiresWithItsExp() async throws {
        let clock = Clock()
        let authenticator = try await Self.authenticator(clock: clock)
        let token = try await Self.bearer(now: clock.read())
        _ = try await authenticator.authenticate(authorization: token)
        clock.advance(3600 + 59)
        #expect(try await authenticator.authenticate(authorization: token).subject == "clerk-1")
        clock.advance(2)
        await #expect(throws: ErrorBody.self) { try await authenticator.authenticate(authorization: token) }
        #expect(authenticator.rememberedTokens == 0, "the expired entry is dropped")
    }

    /// Rotation: once the old key is retired, a token it signed is refused at once, even though it was
    /// remembered; one signed with the new key is accepted.
    @Test func replacingTheKeySetForgetsEveryVerifiedToken() async throws {
        let clock = Clock()
        let authenticator = try await Self.authenticator(clock: clock)
        let old = try await Self.bearer(TestTokens.primaryKey, now: clock.read())
        let new = try await Self.bearer(TestTokens.rotatedKey, now: clock.read())
        _ = try await authenticator.authenticate(authorization: old)
        _ = try await authenticator.authenticate(authorization: new)
        #expect(authenticator.rememberedTokens == 2)

        try await authenticator.replaceKeySet(#"{"keys":[\#(TestTokens.rotatedKey.jwk)]}"#)
        #expect(authenticator.rememberedTokens == 0)
        do {
            _ = try await authenticator.authenticate(authorization: old)
            Issue.record("a token of a retired key was accepted")
        } catch {
            #expect(error.code == .unauthenticated)
            #expect(error.message == "the token's key id is unknown")
        }
        #expect(try await authenticator.authenticate(authorization: new).subject == "clerk-1")
    }

    @Test func aRefusedTokenIsNeverRemembered() async throws {
        let clock = Clock()
        let authenticator = try await Self.authenticator(clock: clock)
        let stranger = try await Self.bearer(TestTokens.strangerKey, now: clock.read())
        await #expect(throws: ErrorBody.self) { try await authenticator.authenticate(authorization: stranger) }
        let forged = "Bearer " + (try TestTokens.forged(TestTokens.claims(tenant: TestTenants.a, roles: [.tenantAdmin])))
        await #expect(throws: ErrorBody.self) { try await authenticator.authenticate(authorization: forged) }
        await #expect(throws: ErrorBody.self) { try await authenticator.authenticate(authorization: forged) }
        #expect(authenticator.rememberedTokens == 0)
    }

    @Test func theCacheIsBounded() async throws {
        let clock = Clock()
        let authenticator = try await Self.authenticator(clock: clock, capacity: 3)
        for index in 0..<7 {
            _ = try await authenticator.authenticate(authorization: try await Self.bearer(now: clock.read(), subject: "clerk-\(index)"))
            #expect(authenticator.rememberedTokens <= 3)
        }
        #expect(authenticator.rememberedTokens >= 1)
    }
}
