import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// Merchant API keys and the token exchange through the whole stack (contract, guard, handler, SQL on a
/// real database): issued once and stored as a hash, listed without secrets, rotated and revoked, expiring
/// on the business clock, refused for a suspended merchant, slowed after failures.
@Suite struct MerchantApiKeyTests {
    typealias Harness = ServiceHarness<DispatchService>
    static let admin = TestCaller.staff([.tenantAdmin])

    static func register(_ client: ServiceTestClient, _ name: String = "华强电子") async throws -> String {
        let body: [String: Any] = ["name": name, "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华东"]]
        let created = try await client.call("CreateMerchant", body)
        #expect(created.status == .ok, "\(created.json)")
        return try #require(created.json["merchantId"] as? String)
    }

    static func issue(
        _ client: ServiceTestClient,
        _ merchant: String,
        name: String = "ERP",
        expiresAt: String? = nil
    ) async throws -> (key: String, id: String) {
        var body: [String: Any] = ["merchantId": merchant, "name": name]
        if let expiresAt { body["expiresAt"] = expiresAt }
        let issued = try await client.call("IssueMerchantApiKey", body)
        #expect(issued.status == .ok, "\(issued.json)")
        let key = try #require(issued.json["apiKey"] as? String)
        let id = try #require((issued.json["key"] as? [String: Any])?["apiKeyId"] as? String)
        return (key, id)
    }

    static func exchange(_ client: ServiceTestClient, _ key: String) async throws -> TestResponse {
        try await client.authorized(nil).call("ExchangeApiKey", ["apiKey": key])
    }

    /// The claims of a partner token as it is on the wire (`aud` a single string).
    struct PartnerClaims: JWTPayload {
        var iss: String
        var aud: String
        var sub: String
        var iat: Double
        var exp: Double
        var tid: String
        var mid: String
        var roles: [String]
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// The claims of a token Dispatch signed, verified with its partner key.
    static func verifiedClaims(_ token: String) async throws -> PartnerClaims {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: TestTokens.partnerKey.privateKey.publicKey, kid: JWKIdentifier(string: TestTokens.partnerKey.id))
        return try await keys.verify(token, as: PartnerClaims.self)
    }

    @Test func anIssuedKeyIsShownOnceStoredAsAHashAndExchangedForAMerchantToken() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let merchant = try await Self.register(client)
                let (key, id) = try await Self.issue(client, merchant)
                #expect(key.hasPrefix("ask_") && key.count == 112)
                let secret = String(key.split(separator: "_", maxSplits: 2).last ?? "")

                // Listed by name, hint and state — never the secret.
                let listed = try await client.call("ListMerchantApiKeys", ["merchantId": merchant])
                #expect(listed.status == .ok)
                #expect(!String(buffer: listed.body).contains(secret), "the list shows no secret")
                let row = try #require((listed.json["keys"] as? [[String: Any]])?.first)
                #expect(row["apiKeyId"] as? String == id && row["status"] as? String == "active" && row["lastUsedAt"] == nil)
                #expect(row["expiresAt"] as? String == "2026-06-08T02:00:00Z", "90 days by default")
                // The database keeps the SHA-256 of the secret only.
                let stored = try await harness.database.rows("SELECT row_to_json(k)::text FROM merchant_api_keys k")
                #expect(stored.count == 1 && stored.allSatisfy { !$0.contains(secret) })

                let exchanged = try await Self.exchange(client, key)
                #expect(exchanged.status == .ok, "\(exchanged.json)")
                #expect(exchanged.json["tokenType"] as? String == "Bearer" && exchanged.json["expiresIn"] as? Int == 900)
                let token = try #require(exchanged.json["accessToken"] as? String)
                let claims = try await Self.verifiedClaims(token)
                #expect(claims.iss == "aftersales-dispatch" && claims.roles == ["merchant"] && claims.mid == merchant)
                #expect(claims.tid == TestTenants.a.description && claims.sub == "api_key:\(id)" && claims.aud == "aftersales")
                #expect(claims.exp - claims.iat == 900)

                // The token is a merchant's: it reads its own merchant, and its use is recorded.
                let asPartner = client.authorized("Bearer \(token)")
                #expect(try await asPartner.call("GetMerchant", ["merchantId": merchant]).status == .ok)
                #expect(try await asPartner.call("ListMerchants", [:]).code == "permission_denied")
                let after = try await client.call("ListMerchantApiKeys", ["merchantId": merchant])
                #expect((after.json["keys"] as? [[String: Any]])?.first?["lastUsedAt"] as? String == "2026-03-10T02:00:00Z")
            }
        }
    }

    @Test func rotationASecondKeyThenTheFirstRevokedIsRefusedAtOnce() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let merchant = try await Self.register(client)
                let first = try await Self.issue(client, merchant, name: "old")
                let second = try await Self.issue(client, merchant, name: "new")
                #expect(try await Self.exchange(client, first.key).status == .ok, "several keys are active at once")
                let revoked = try await client.call("RevokeMerchantApiKey", ["apiKeyId": first.id])
                #expect(revoked.status == .ok && revoked.json["status"] as? String == "revoked")
                let again = try await client.call("RevokeMerchantApiKey", ["apiKeyId": first.id])
                #expect(again.json["revokedAt"] as? String == revoked.json["revokedAt"] as? String, "revoking again changes nothing")

                let refused = try await Self.exchange(client, first.key)
                #expect(refused.status == .unauthorized && refused.code == "unauthenticated")
                #expect(try await Self.exchange(client, second.key).status == .ok)
            }
        }
    }

    @Test func anExpiredKeyMintsNothingOnceTheBusinessClockPassesItsExpiry() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let merchant = try await Self.register(client)
                let key = try await Self.issue(client, merchant, expiresAt: "2026-03-10T03:00:00Z")
                #expect(try await Self.exchange(client, key.key).status == .ok)
                try harness.clock.advance(by: 3601)
                let refused = try await Self.exchange(client, key.key)
                #expect(refused.code == "unauthenticated")
                let listed = try await client.call("ListMerchantApiKeys", ["merchantId": merchant])
                #expect((listed.json["keys"] as? [[String: Any]])?.first?["status"] as? String == "expired")

                for (expiry, reason) in [("2026-03-10T01:00:00Z", "future"), ("2027-03-11T02:00:00Z", "365")] {
                    let bad = try await client.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "x", "expiresAt": expiry])
                    #expect(bad.violatedFields == ["expiresAt"] && String(buffer: bad.body).contains(reason))
                }
            }
        }
    }

    @Test func aSuspendedMerchantsKeysMintNothingUntilItIsReinstated() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let merchant = try await Self.register(client)
                let key = try await Self.issue(client, merchant)
                let suspended = try await client.call("SuspendMerchant", ["merchantId": merchant, "reason": "多次超时"])
                #expect(suspended.status == .ok && suspended.json["status"] as? String == "suspended")
                let refused = try await Self.exchange(client, key.key)
                #expect(refused.status == .forbidden && refused.code == "permission_denied")
                #expect(try await client.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "x"]).code == "failed_precondition")
                #expect(try await client.call("ReinstateMerchant", ["merchantId": merchant]).status == .ok)
                #expect(try await Self.exchange(client, key.key).status == .ok)
            }
        }
    }

    @Test func atMostFiveActiveKeysAndOnlyTheAdminIssuesThem() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let merchant = try await Self.register(client)
                var ids: [String] = []
                for index in 0..<5 { ids.append(try await Self.issue(client, merchant, name: "k\(index)").id) }
                let sixth = try await client.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "k5"])
                #expect(sixth.code == "failed_precondition")
                #expect(try await client.call("RevokeMerchantApiKey", ["apiKeyId": ids[0]]).status == .ok)
                #expect(try await client.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "k5"]).status == .ok)

                let supervisor = try await client.calling(as: .staff([.supervisor]))
                #expect(try await supervisor.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "x"]).code == "permission_denied")
                let asMerchant = try await client.calling(as: .merchant(merchant))
                #expect(try await asMerchant.call("IssueMerchantApiKey", ["merchantId": merchant, "name": "x"]).code == "permission_denied")
                let unknown = try await client.call("IssueMerchantApiKey", ["merchantId": UUID().uuidString.lowercased(), "name": "x"])
                #expect(unknown.code == "not_found")
            }
        }
    }

    @Test func failedExchangesAreSlowedPerKeyWithRetryAfter() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin, settings: ["PARTNER_TOKENS_FAILURES_PER_KEY": "3"]) { client in
                let merchant = try await Self.register(client)
                let key = try await Self.issue(client, merchant)
                let other = try await Self.issue(client, merchant, name: "other")
                // The right key id with wrong secrets: three failures, then even the right secret waits.
                let wrong = String(key.key.dropLast(4)) + (key.key.hasSuffix("AAAA") ? "BBBB" : "AAAA")
                for _ in 0..<3 { #expect(try await Self.exchange(client, wrong).code == "unauthenticated") }
                let throttled = try await Self.exchange(client, key.key)
                #expect(throttled.status == .tooManyRequests && throttled.code == "resource_exhausted")
                let retryAfter = Int(throttled.headers[.retryAfter] ?? "") ?? 0
                #expect((1...300).contains(retryAfter), "Retry-After: \(retryAfter)")
                #expect(try await Self.exchange(client, other.key).status == .ok, "another key is not slowed by this one's failures")
                // Not shaped like a key at all: invalid_argument naming the field.
                let garbage = try await Self.exchange(client, "not-a-key")
                #expect(garbage.violatedFields == ["apiKey"])
            }
        }
    }

    /// A well-formed key nobody issued, presented with any Authorization header (the exchange ignores it).
    @Test func aKeyNobodyIssuedIsUnauthenticatedWhateverTheHeader() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let unknown = PartnerApiKeySecret.mint(tenant: TestTenants.a, keyID: UUID()).presented
                let withStaffToken = try await client.call("ExchangeApiKey", ["apiKey": unknown])
                #expect(withStaffToken.status == .unauthorized && withStaffToken.code == "unauthenticated", "\(withStaffToken.json)")
                let otherTenant = PartnerApiKeySecret.mint(tenant: TestTenants.b, keyID: UUID()).presented
                #expect(try await Self.exchange(client, otherTenant).code == "unauthenticated")
                let notFound = try await client.execute(uri: "/.well-known/other.json", method: .get)
                #expect(notFound.status == .notFound)
            }
        }
    }

    @Test func withoutASigningKeyTheExchangeSaysSoAndTheKeySetIsPublicAnyway() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin, settings: ["PARTNER_TOKENS_SIGNING_KEY": ""]) { client in
                let merchant = try await Self.register(client)
                let key = try await Self.issue(client, merchant)
                #expect(try await Self.exchange(client, key.key).code == "failed_precondition")
                let published = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
                #expect(published.status == .ok)
                let keys = try #require(published.json["keys"] as? [[String: Any]])
                #expect(keys.count == 1 && keys.first?["kid"] as? String == TestTokens.partnerKey.id && keys.first?["kty"] as? String == "OKP")
            }
        }
    }
}
