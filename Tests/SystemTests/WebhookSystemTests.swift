import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Merchant webhooks through the running services: Intake and Dispatch make the events, Notifications
/// delivers them to a real receiver on 127.0.0.1 that verifies every signature with PyPI's
/// `standardwebhooks`. Time moves only by the test clocks (the signature's timestamp is the wall clock's,
/// as a receiver checks it against its own).
@Suite(.serialized) struct WebhookSystemTests {
    static let services = ["intake", "dispatch", "notifications"]
    static let admin = TestCaller.staff([.tenantAdmin], of: TestTenants.a, subject: "admin-a")
    static let extra = ["notifications": ["WEBHOOKS_TIMEOUT_MS": "1500", "EVENTS_POLL_INTERVAL_MS": "100"]]

    static func merchant(_ platform: RunningPlatform, _ name: String) async throws -> String {
        let created = try await platform.call(
            "dispatch",
            "CreateMerchant",
            ["name": name, "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"]],
            as: admin
        )
        return try #require(created.json["merchantId"] as? String, "\(created.json)")
    }

    static func endpoint(_ platform: RunningPlatform, merchant: String, url: String, types: [String]) async throws -> (id: String, secret: String) {
        let created = try await platform.call(
            "notifications",
            "CreateWebhookEndpoint",
            ["url": url, "eventTypes": types],
            as: .merchant(merchant)
        )
        #expect(created.status == .ok, "\(created.json)")
        return (try #require(created.json["webhookEndpointId"] as? String), try #require(created.json["signingSecret"] as? String))
    }

    static func deliveries(_ platform: RunningPlatform, _ endpoint: String, as caller: TestCaller) async throws -> [[String: Any]] {
        let page = try await platform.call("notifications", "ListWebhookDeliveries", ["webhookEndpointId": endpoint, "pageSize": 100], as: caller)
        return page.json["webhookDeliveries"] as? [[String: Any]] ?? []
    }

    /// Moves every clock by `seconds` and waits for the receiver to see at least one more attempt.
    static func advance(_ platform: RunningPlatform, _ receiver: WebhookReceiverProcess, by seconds: Int) async throws {
        let before = try await receiver.received().attempts
        try await platform.clock.advance(by: seconds)
        try await receiver.waitUntil("another attempt") { $0.attempts > before }
    }

    @Test func anHourDownThenUpDeliversEachEventOnceInOrderAndRotationKeepsThemVerifiable() async throws {
        try await RunningPlatform.with(Self.services, extra: Self.extra) { platform in
            try await WebhookReceiverProcess.with { receiver in
                try await platform.clock.set(RFC3339.date("2026-12-01T02:00:00Z")!)
                let merchant = try await Self.merchant(platform, "华强电子")
                let other = try await Self.merchant(platform, "赛格数码")
                let hook = try await Self.endpoint(platform, merchant: merchant, url: receiver.url, types: ["case.*", "dispatch.*"])
                let otherHook = try await Self.endpoint(platform, merchant: other, url: receiver.url + "/other", types: ["case.*", "dispatch.*"])
                try await receiver.control(mode: "down", secrets: [hook.secret])

                // Three cases of the merchant: each makes case.registered, then dispatch.case_queued.
                var cases: [String] = []
                for order in ["JD-W1", "JD-W2", "JD-W3"] {
                    cases.append(try await MerchantRegistrySystemTests.createCase(platform, merchant: merchant, order: order))
                }
                try await platform.clock.drain()
                try await receiver.waitUntil("the first attempts") { $0.attempts >= 3 }
                // Down for an hour of business time: retried after 5 s, 30 s, 2 min, 10 min, 30 min (each ±10 %) …
                for step in [6, 35, 135, 700, 2_000] { try await Self.advance(platform, receiver, by: step) }
                try await platform.clock.advance(by: 800)
                let failing = try await Self.deliveries(platform, hook.id, as: .merchant(merchant))
                #expect(failing.count == 6, "\(failing)")
                // Only each subject's first event is tried while it fails: the later one waits behind it.
                let tried = failing.filter { $0["eventType"] as? String == "case.registered" }
                #expect(
                    tried.count == 3
                        && tried.allSatisfy {
                            $0["status"] as? String == "pending" && $0["lastHttpStatus"] as? Int == 503 && $0["attempts"] as? Int == 6
                        }
                )
                // (A case_queued may have been tried once before its case.registered reached Notifications: the
                // two come by different relays. Once both are queued, the earlier one goes first.)

                // Up after the hour: the next retry (1 h ± 10 % after the last) delivers, and each waiting event follows.
                try await receiver.control(mode: "up", secrets: [hook.secret])
                try await platform.clock.advance(by: 3_300)
                let received = try await receiver.waitUntil("all six events") { $0.accepted.count >= 6 }
                try await Task.sleep(for: .milliseconds(500))
                let final = try await receiver.received()
                #expect(final.unverified.isEmpty, "\(final.unverified)")
                let ids = final.accepted.map(\.id)
                #expect(ids.count == 6 && Set(ids).count == 6, "each event exactly once: \(ids)")
                for caseID in cases {
                    let types = received.accepted.filter { $0.subject == caseID }.compactMap(\.type)
                    #expect(types == ["case.registered", "dispatch.case_queued"], "in order per subject: \(types)")
                }
                #expect(try await Self.deliveries(platform, otherHook.id, as: .merchant(other)).isEmpty, "another merchant's cases are not its")

                // The log of one delivery: the 503s with the answer's start, then the success.
                let first = try #require(
                    try await Self.deliveries(platform, hook.id, as: .merchant(merchant)).first { $0["eventType"] as? String == "case.registered" }
                )
                #expect(first["status"] as? String == "delivered")
                let deliveryID = try #require(first["webhookDeliveryId"] as? String)
                let logged = try await platform.ok("notifications", "GetWebhookDelivery", ["webhookDeliveryId": deliveryID], as: .merchant(merchant))
                let attempts = logged["attempts"] as? [[String: Any]] ?? []
                #expect(attempts.count >= 6)
                #expect(
                    attempts.dropLast().allSatisfy {
                        $0["succeeded"] as? Bool == false && $0["httpStatus"] as? Int == 503
                            && $0["responseExcerpt"] as? String == "down for maintenance"
                    }
                )
                #expect(attempts.last?["succeeded"] as? Bool == true)

                // Isolation: another merchant, another tenant, see none of it.
                try await Self.checkIsolation(
                    platform,
                    delivery: deliveryID,
                    endpoint: hook.id,
                    others: [.merchant(other), .staff([.tenantAdmin], of: TestTenants.b, subject: "admin-b")]
                )
                try await Self.checkRotation(platform, receiver, merchant: merchant, hook: hook)
            }
        }
    }

    static func checkIsolation(_ platform: RunningPlatform, delivery deliveryID: String, endpoint: String, others: [TestCaller]) async throws {
        for caller in others {
            #expect(try await platform.call("notifications", "GetWebhookDelivery", ["webhookDeliveryId": deliveryID], as: caller).status == .notFound)
            #expect(
                try await platform.call("notifications", "RedriveWebhookDelivery", ["webhookDeliveryId": deliveryID], as: caller).status == .notFound
            )
            #expect(
                try await platform.call("notifications", "ListWebhookDeliveries", ["webhookEndpointId": endpoint], as: caller).status == .notFound
            )
            #expect(try await platform.call("notifications", "RotateWebhookSecret", ["webhookEndpointId": endpoint], as: caller).status == .notFound)
        }
    }

    static func checkRotation(
        _ platform: RunningPlatform,
        _ receiver: WebhookReceiverProcess,
        merchant: String,
        hook: (id: String, secret: String)
    ) async throws {

        // Rotation: the receiver switches to the new secret at once; both are signed during the overlap.
        let rotated = try await platform.ok(
            "notifications",
            "RotateWebhookSecret",
            ["webhookEndpointId": hook.id, "overlapSeconds": 3600],
            as: .merchant(merchant)
        )
        let newSecret = try #require(rotated["signingSecret"] as? String)
        #expect(newSecret != hook.secret)
        try await receiver.control(mode: "up", secrets: [newSecret])
        _ = try await MerchantRegistrySystemTests.createCase(platform, merchant: merchant, order: "JD-W4")
        try await platform.clock.drain()
        let during = try await receiver.waitUntil("the events after rotation") { $0.accepted.count >= 8 }
        #expect(during.accepted.dropFirst(6).allSatisfy { $0.secret == 0 && $0.signatures == 2 })
        // After the overlap, the old secret no longer signs; a receiver holding only it refuses.
        try await platform.clock.advance(by: 3_601)
        try await receiver.control(mode: "up", secrets: [hook.secret])
        _ = try await MerchantRegistrySystemTests.createCase(platform, merchant: merchant, order: "JD-W5")
        try await platform.clock.drain()
        let after = try await receiver.waitUntil("an unverifiable delivery") { !$0.unverified.isEmpty }
        #expect(after.unverified.first?.signatures == 1)
        #expect(after.accepted.count == 8)
    }

    @Test func slowHugeOrRedirectingAnswersFailAFailingEndpointIsDisabledAndADeadLetterIsRedriven() async throws {
        try await RunningPlatform.with(Self.services, extra: Self.extra) { platform in
            try await WebhookReceiverProcess.with { receiver in
                try await WebhookReceiverProcess.with { watcher in
                    try await platform.clock.set(RFC3339.date("2026-12-01T02:00:00Z")!)
                    let merchant = try await Self.merchant(platform, "华强电子")
                    let hook = try await Self.endpoint(platform, merchant: merchant, url: receiver.url, types: ["case.registered"])
                    // Its second endpoint hears that the first was disabled.
                    let watch = try await Self.endpoint(platform, merchant: merchant, url: watcher.url, types: ["notifications.*"])
                    try await watcher.control(mode: "up", secrets: [watch.secret])
                    try await receiver.control(mode: "slow", secrets: [hook.secret])

                    let test = try await platform.ok(
                        "notifications",
                        "SendTestEvent",
                        ["webhookEndpointId": hook.id, "note": "对接测试"],
                        as: .merchant(merchant)
                    )
                    #expect(test["eventType"] as? String == "notifications.test" && test["status"] as? String == "pending")
                    let deliveryID = try #require(test["webhookDeliveryId"] as? String)
                    func log() async throws -> [[String: Any]] {
                        try await platform.ok("notifications", "GetWebhookDelivery", ["webhookDeliveryId": deliveryID], as: .merchant(merchant))[
                            "attempts"
                        ]
                            as? [[String: Any]] ?? []
                    }
                    func waitForAttempts(_ count: Int) async throws -> [[String: Any]] {
                        let deadline = ContinuousClock.now + .seconds(30)
                        while ContinuousClock.now < deadline {
                            let attempts = try await log()
                            if attempts.count >= count { return attempts }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        Issue.record("no attempt \(count)")
                        return []
                    }
                    let slow = try await waitForAttempts(1)
                    #expect(slow.first?["error"] as? String == "no complete answer within 1 s", "\(slow)")
                    #expect((slow.first?["latencyMs"] as? Int ?? 0) < 3_000, "cut off at the limit, not after the 5 s answer")

                    try await receiver.control(mode: "huge", secrets: [hook.secret])
                    try await platform.clock.advance(by: 6)
                    let huge = try await waitForAttempts(2)
                    #expect((huge.last?["error"] as? String)?.contains("larger than 65536 bytes") == true, "\(huge)")
                    #expect((huge.last?["responseExcerpt"] as? String)?.utf8.count ?? 0 <= 1024)

                    try await receiver.control(mode: "redirect", secrets: [hook.secret])
                    try await platform.clock.advance(by: 35)
                    let redirected = try await waitForAttempts(3)
                    #expect(redirected.last?["error"] as? String == "HTTP 302: redirects are not followed", "\(redirected)")

                    // Failing for a day: disabled, and the merchant told on its other endpoint.
                    try await receiver.control(mode: "down", secrets: [hook.secret])
                    try await platform.clock.advance(by: 86_400)
                    _ = try await waitForAttempts(4)
                    let notice = try await watcher.waitUntil("the endpoint_disabled notice") { !$0.accepted.isEmpty }
                    #expect(notice.accepted.first?.type == "notifications.endpoint_disabled")
                    let endpoints = try await platform.ok("notifications", "ListWebhookEndpoints", [:], as: .merchant(merchant))
                    let disabled = (endpoints["webhookEndpoints"] as? [[String: Any]] ?? []).first { $0["webhookEndpointId"] as? String == hook.id }
                    #expect(disabled?["status"] as? String == "disabled" && disabled?["disabledReason"] as? String == "failing")

                    // Past the 3-day window the waiting delivery is a dead letter; redriven after re-enabling, it arrives.
                    try await platform.clock.advance(by: 2 * 86_400)
                    let deadline = ContinuousClock.now + .seconds(30)
                    var status = ""
                    while status != "dead" && ContinuousClock.now < deadline {
                        status =
                            try await platform.ok("notifications", "GetWebhookDelivery", ["webhookDeliveryId": deliveryID], as: .merchant(merchant))[
                                "webhookDelivery"
                            ]
                            .flatMap { ($0 as? [String: Any])?["status"] as? String } ?? ""
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(status == "dead")
                    #expect(
                        try await platform.ok("notifications", "EnableWebhookEndpoint", ["webhookEndpointId": hook.id], as: .merchant(merchant))[
                            "status"
                        ] as? String == "active"
                    )
                    // Redriven while the receiver is still down: the failed attempt is retried in the new window,
                    // not dead at once (its first window ended days ago).
                    let before = try await log().count
                    #expect(
                        try await platform.ok("notifications", "RedriveWebhookDelivery", ["webhookDeliveryId": deliveryID], as: .merchant(merchant))[
                            "status"
                        ] as? String == "pending"
                    )
                    _ = try await waitForAttempts(before + 1)
                    let retried = try await platform.ok(
                        "notifications",
                        "GetWebhookDelivery",
                        ["webhookDeliveryId": deliveryID],
                        as: .merchant(merchant)
                    )
                    #expect((retried["webhookDelivery"] as? [String: Any])?["status"] as? String == "pending", "\(retried)")
                    try await receiver.control(mode: "up", secrets: [hook.secret])
                    // The schedule goes on from the delivery's attempts: after its 5th, 30 min (±10 %).
                    #expect((retried["attempts"] as? [[String: Any]])?.count == 5)
                    try await platform.clock.advance(by: 2_000)
                    #expect(
                        try await platform.ok("notifications", "EnableWebhookEndpoint", ["webhookEndpointId": hook.id], as: .merchant(merchant))[
                            "status"
                        ] as? String == "active"
                    )
                    let got = try await receiver.waitUntil("the redriven test event") { !$0.accepted.isEmpty }
                    #expect(got.accepted.first?.type == "notifications.test")
                    #expect(got.unverified.isEmpty)
                }
            }
        }
    }

    /// Outside test mode a name is resolved and the connection pinned to the address checked: a name the
    /// (stand-in) resolver maps to this machine reaches the receiver there, with the name as its Host —
    /// here allowed by a permissive check, which production never has.
    @Test func aResolvedNameIsConnectedToAtTheAddressChecked() async throws {
        try await WebhookReceiverProcess.with { receiver in
            let client = OutboundClient(
                limits: OutboundLimits(connectTimeout: .seconds(2), totalTimeout: .seconds(5), maxResponseBytes: 4096),
                allowPrivateHosts: false,
                resolver: LoopbackResolver(),
                isAllowed: { _ in true }
            )
            let result = await client.post("http://hooks.partner.example:\(receiver.port)/hooks", headers: [], body: Data("{}".utf8))
            await client.shutdown()
            // Unsigned, so the receiver refuses it — after it arrived, which is what this checks.
            #expect(result.status == 400, "\(result)")
            let arrived = try await receiver.received()
            #expect(arrived.unverified.count == 1)
        }
    }
}

struct LoopbackResolver: HostResolver {
    func addresses(of name: String) async throws -> [HostAddress] { [.ipv4(0x7F00_0001)] }
}
