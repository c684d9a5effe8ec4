import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NotificationsService
import ServiceKit
import TestSupport
import Testing

/// Merchants' webhook endpoints through the whole stack: contract, guard, handler, SQL on a real database.
@Suite struct WebhookEndpointTests {
    typealias Harness = ServiceHarness<NotificationsService>
    static let merchant = "0190e3a0-0000-7000-8000-0000000000c1"
    static let otherMerchant = "0190e3a0-0000-7000-8000-0000000000c2"

    static func body(_ url: String = "https://hooks.example.cn/aftersales", _ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = ["url": url, "eventTypes": ["case.registered", "returns.*"], "description": "ERP 对接"]
        for (key, value) in overrides { body[key] = value }
        return body
    }

    static func ids(_ page: [String: Any]) -> [String] {
        ((page["webhookEndpoints"] as? [[String: Any]]) ?? []).compactMap { $0["webhookEndpointId"] as? String }
    }

    @Test func aMerchantRegistersItsOwnEndpoint() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .merchant(Self.merchant)) { client in
                let created = try await client.call("CreateWebhookEndpoint", Self.body())
                #expect(created.status == .ok)
                let endpoint = created.json
                #expect(endpoint["merchantId"] as? String == Self.merchant, "the merchant comes from the token")
                #expect(endpoint["status"] as? String == "active")
                #expect(endpoint["eventTypes"] as? [String] == ["case.registered", "returns.*"])
                let list = try await client.call("ListWebhookEndpoints", [:])
                #expect(Self.ids(list.json) == [try #require(endpoint["webhookEndpointId"] as? String)])

                let forOther = try await client.call("CreateWebhookEndpoint", Self.body("https://b.example.cn/", ["merchantId": Self.otherMerchant]))
                #expect(forOther.status == .forbidden)
                #expect(forOther.violatedFields == ["merchantId"])
                let again = try await client.call("CreateWebhookEndpoint", Self.body())
                #expect(again.status == .conflict)
                #expect(again.violatedFields == ["url"])
            }
        }
    }

    @Test(arguments: [
        ("http://hooks.example.cn/x", "url"), ("ftp://hooks.example.cn/x", "url"), ("https://钩子.example.cn/", "url"), ("/relative", "url"),
        ("https://user:secret@hooks.example.cn/", "url"), ("https://hooks.example.cn/#frag", "url"),
    ])
    func unsafeOrMalformedURLsAreRefused(_ url: String, _ field: String) async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .merchant(Self.merchant)) { client in
                let refused = try await client.call("CreateWebhookEndpoint", Self.body(url))
                #expect(refused.status == .badRequest)
                #expect(refused.violatedFields == [field])
            }
        }
    }

    @Test(arguments: [
        "https://127.0.0.1/hook", "https://localhost:8443/", "https://10.1.2.3/", "https://172.20.0.5/", "https://192.168.1.10/",
        "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00::1]/", "http://127.0.0.1:8082/",
        "https://erp.internal/hook",
    ])
    func endpointsOnThisMachineOrAPrivateNetworkAreRefused(_ url: String) async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .merchant(Self.merchant)) { client in
                let refused = try await client.call("CreateWebhookEndpoint", Self.body(url))
                #expect(refused.status == .badRequest)
                #expect(refused.violatedFields == ["url"])
            }
        }
    }

    @Test func testModeAllowsLoopbackEndpointsForDevelopment() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .merchant(Self.merchant), settings: ["TEST_MODE": "true"]) { client in
                let loopback = try await client.call("CreateWebhookEndpoint", Self.body("http://127.0.0.1:9000/hook"))
                #expect(loopback.status == .ok)
                let clearText = try await client.call("CreateWebhookEndpoint", Self.body("http://erp.example.cn/hook"))
                #expect(clearText.violatedFields == ["url"], "plain http only to this machine")
            }
        }
    }

    @Test func eventTypesAndNonASCIIURLsAreCheckedEntryByEntry() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .merchant(Self.merchant)) { client in
                let refused = try await client.call(
                    "CreateWebhookEndpoint",
                    Self.body("https://c.example.cn/", ["eventTypes": ["case.registered", "case.registered", "Case.Registered", "case", "*"]])
                )
                #expect(refused.violatedFields == ["eventTypes[2]", "eventTypes[3]", "eventTypes[4]"])
                #expect(
                    try await client.call("CreateWebhookEndpoint", Self.body("https://d.example.cn/", ["eventTypes": []])).violatedFields == [
                        "eventTypes"
                    ]
                )
                let long = "https://h.example.cn/" + String(repeating: "售后", count: 500)
                #expect(try await client.call("CreateWebhookEndpoint", Self.body(long)).violatedFields == ["url"])
                #expect(try await client.call("CreateWebhookEndpoint", Self.body("https://h.example.cn/a b")).violatedFields == ["url"])
                #expect(try await client.call("CreateWebhookEndpoint", Self.body("https://h.example.cn/%E5%94%AE")).status == .ok)
            }
        }
    }

    @Test func staffNameTheMerchantAndListByMerchantAPageAtATime() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.tenantAdmin])) { client in
                #expect(try await client.call("CreateWebhookEndpoint", Self.body()).violatedFields == ["merchantId"])
                // A merchant the tenant does not have (yet): not found, until Dispatch's event makes it known.
                let unknown = try await client.call("CreateWebhookEndpoint", Self.body("https://h.example.cn/", ["merchantId": Self.merchant]))
                #expect(unknown.status == .notFound && unknown.violatedFields == ["merchantId"])
                try await Self.register([Self.merchant, Self.otherMerchant], at: client)
                var created: [String: [String]] = [:]
                for (index, merchant) in [Self.merchant, Self.otherMerchant, Self.merchant, Self.merchant].enumerated() {
                    let answer = try await client.call("CreateWebhookEndpoint", Self.body("https://h\(index).example.cn/", ["merchantId": merchant]))
                    created[merchant, default: []].append(try #require(answer.json["webhookEndpointId"] as? String))
                }
                let first = try await client.call("ListWebhookEndpoints", ["merchantId": Self.merchant, "pageSize": 2])
                let token = try #require(first.json["nextPageToken"] as? String)
                let second = try await client.call("ListWebhookEndpoints", ["merchantId": Self.merchant, "pageToken": token])
                #expect(Self.ids(first.json) + Self.ids(second.json) == created[Self.merchant])
                let everyone = try await client.call("ListWebhookEndpoints", ["pageSize": 100])
                #expect(Self.ids(everyone.json).count == 4)
                #expect(
                    try await client.call("ListWebhookEndpoints", ["pageToken": token]).violatedFields == ["pageToken"],
                    "token of another filter"
                )

                // A merchant sees its own endpoints whatever it asks for; another tenant sees none.
                let merchant = try await client.calling(as: .merchant(Self.otherMerchant))
                let own = try await merchant.call("ListWebhookEndpoints", ["merchantId": Self.merchant])
                #expect(Self.ids(own.json) == created[Self.otherMerchant])
                let otherTenant = try await client.calling(as: .staff([.tenantAdmin], of: TestTenants.b))
                #expect(Self.ids(try await otherTenant.call("ListWebhookEndpoints", [:]).json).isEmpty)
                let clerk = try await client.calling(as: .clerk(TestTenants.a))
                #expect(try await clerk.call("ListWebhookEndpoints", [:]).status == .forbidden)
            }
        }
    }

    /// Dispatch's `merchant.registered` of each merchant, delivered to the service's sink as a relay would.
    static func register(_ merchants: [String], at client: ServiceTestClient) async throws {
        let envelopes = try merchants.map { merchant in
            let id = try #require(UUID(uuidString: merchant))
            let summary = MerchantSummary(merchantID: id, merchantVersion: 1, name: "商家 \(merchant.suffix(2))", status: .active, regions: ["华南"])
            return try TestEvents.envelope(MerchantRegistered(summary), subject: id)
        }
        try await TestEvents.deliver(client, envelopes)
    }
}
