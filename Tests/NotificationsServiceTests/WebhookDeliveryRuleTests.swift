import Foundation
import Models
import ServiceKit
import Testing

/// The pure rules of webhook delivery: signatures, the retry schedule, subscriptions and attribution,
/// and the outbound address check (no traffic leaves: every refused call is refused before connecting).
@Suite struct WebhookDeliveryRuleTests {
    /// The Standard Webhooks spec's own example (also what PyPI's `standardwebhooks` 1.1.0 signs).
    @Test func signaturesMatchTheStandardWebhooksExample() throws {
        let key = try #require(StandardWebhooks.key(of: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let signature = StandardWebhooks.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, key: key)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        // A rotation signs with both secrets, newest first, separated by a space.
        let other = try #require(StandardWebhooks.key(of: StandardWebhooks.newSecret()))
        let header = StandardWebhooks.signatureHeader(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, keys: [other, key])
        #expect(header.split(separator: " ").last.map(String.init) == signature)
        #expect(header.split(separator: " ").count == 2)
        // One byte of the body changed: another signature.
        #expect(
            StandardWebhooks.signature(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
                timestamp: 1_614_265_330,
                body: Data(#"{"test": 2432232315}"#.utf8),
                key: key
            ) != signature
        )
    }

    /// The README's worked example for partners.
    @Test func theReadmeExampleSignsAsPrinted() throws {
        let key = try #require(StandardWebhooks.key(of: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
        #expect(key == Data(0..<32))
        let body = #"{"data":{"caseId":"019a0c4e-8a00-7000-8000-0000000000e1"},"id":"019a0c4e-8a00-7000-8000-0000000000f1","type":"case.cancelled"}"#
        let signature = StandardWebhooks.signature(
            id: "019a0c4e-8a00-7000-8000-0000000000f1",
            timestamp: 1_764_554_400,
            body: Data(body.utf8),
            key: key
        )
        #expect(signature == "v1,QcnDWD6i+zvH3yIz77EECDbHgMu+hg3lhcwZ49ilAsE=")
    }

    @Test func secretsAre32RandomBytesAndShortOnesAreRefused() throws {
        let secret = StandardWebhooks.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(try #require(StandardWebhooks.key(of: secret)).count == 32)
        #expect(StandardWebhooks.newSecret() != secret)
        #expect(StandardWebhooks.key(of: "whsec_" + Data(repeating: 1, count: 16).base64EncodedString()) == nil)
    }

    @Test func retriesFollowTheScheduleWithinTenPercentForThreeDays() {
        let schedule = WebhookRetrySchedule.standard
        let queued = Date(timeIntervalSince1970: 1_800_000_000)
        let end = queued.addingTimeInterval(schedule.window)
        #expect(schedule.nextAttempt(afterAttempts: 1, now: queued, until: end, unit: 0.5) == queued.addingTimeInterval(5))
        #expect(schedule.nextAttempt(afterAttempts: 1, now: queued, until: end, unit: 0) == queued.addingTimeInterval(4.5))
        #expect(schedule.nextAttempt(afterAttempts: 6, now: queued, until: end, unit: 1) == queued.addingTimeInterval(3_960))
        // A redriven delivery has a window of its own: long after the first ended, it is still retried.
        let redriven = queued.addingTimeInterval(5 * 86_400)
        #expect(schedule.nextAttempt(afterAttempts: 14, now: redriven, until: redriven.addingTimeInterval(schedule.window), unit: 0.5) != nil)
        #expect(schedule.nextAttempt(afterAttempts: 14, now: redriven, until: end, unit: 0.5) == nil)
        #expect(schedule.nominalDelay(afterAttempts: 40) == 43_200)
        // Tried on the nominal schedule: the last attempt before the 3-day window ends, then a dead letter.
        var now = queued
        var attempts = 1
        while let next = schedule.nextAttempt(afterAttempts: attempts, now: now, until: end, unit: 0.5) {
            now = next
            attempts += 1
        }
        #expect(now < queued.addingTimeInterval(3 * 86_400))
        #expect(now > queued.addingTimeInterval(2.5 * 86_400))
        #expect(attempts == 14)
        #expect(!schedule.disables(failingSince: queued, now: queued.addingTimeInterval(86_399)))
        #expect(schedule.disables(failingSince: queued, now: queued.addingTimeInterval(86_400)))
    }

    @Test func subscriptionsCoverTypesAndFamilies() {
        #expect(WebhookCatalog.coveringEntries(of: "repairs.order_changed") == ["repairs.order_changed", "repairs.*"])
        #expect(WebhookCatalog.matches("case.*", type: "case.registered"))
        #expect(!WebhookCatalog.matches("case.*", type: "cases.registered"))
        #expect(WebhookCatalog.isSubscribable("dispatch.*"))
        #expect(WebhookCatalog.isSubscribable("refund.paid"))
        #expect(!WebhookCatalog.isSubscribable("parts.*"), "the parts desk's events are internal")
        #expect(!WebhookCatalog.isSubscribable("policy.changed"))
        #expect(!WebhookCatalog.isSubscribable("notifications.test"), "sent only when asked for")
        #expect(WebhookCatalog.isSubscribable("notifications.*"))
    }

    @Test func anEventIsItsNamedMerchantsOrItsCasesOrItsSubjectsIfAMerchant() {
        let merchant = UUID()
        let caseID = UUID()
        let named = WebhookAttribution(
            subject: EventSubject(kind: "repair_order", id: UUID().uuidString),
            data: ["merchantId": merchant.wireText, "caseId": caseID.wireText]
        )
        #expect(named == WebhookAttribution(merchantID: merchant, caseID: caseID))
        let onlyCase = WebhookAttribution(subject: EventSubject(kind: "case", id: caseID.wireText), data: ["reason": "x"])
        #expect(onlyCase == WebhookAttribution(merchantID: nil, caseID: caseID))
        let ownProfile = WebhookAttribution(subject: EventSubject(kind: "merchant", id: merchant.wireText), data: ["name": "华强"])
        #expect(ownProfile.merchantID == merchant)
    }

    /// Outside test mode a name is resolved here and every address checked; the refusal comes before any
    /// connection (the resolver is a stand-in that answers without the network).
    @Test(arguments: [["127.0.0.1"], ["10.1.2.3"], ["203.0.114.9", "169.254.169.254"], ["::1"]])
    func aNameResolvingToAPrivateAddressIsRefused(_ addresses: [String]) async throws {
        let client = OutboundClient(
            limits: OutboundLimits(connectTimeout: .seconds(1), totalTimeout: .seconds(2), maxResponseBytes: 1024),
            allowPrivateHosts: false,
            resolver: FixedResolver(addresses: addresses.compactMap(HostAddress.parse))
        )
        let result = await client.post("https://hooks.partner.example/aftersales", headers: [], body: Data("{}".utf8))
        await client.shutdown()
        #expect(result.status == nil)
        #expect(result.failure?.contains("not a public address") == true, "\(result)")
    }

    @Test func aLiteralPrivateAddressIsRefusedOutsideTestMode() async throws {
        let client = OutboundClient(
            limits: OutboundLimits(connectTimeout: .seconds(1), totalTimeout: .seconds(2), maxResponseBytes: 1024),
            allowPrivateHosts: false
        )
        let result = await client.post("http://2130706433:9/", headers: [], body: Data())
        await client.shutdown()
        #expect(result.failure?.contains("not a public address") == true, "\(result)")
    }
}

struct FixedResolver: HostResolver {
    let addresses: [HostAddress]
    func addresses(of name: String) async throws -> [HostAddress] { addresses }
}
