import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import TestSupport
import Testing

/// The whole platform as processes: the six executables serve, are healthy, ready, measured and
/// documented; a case runs through every service for one tenant and none of it is visible to another;
/// SIGTERM stops all six cleanly.
@Suite(.serialized) struct PlatformSystemTests {
    static let merchantOfB = "0190e3a0-0000-7000-8000-0000000000b1"

    @Test func sixServicesServeIsolateTenantsAndStopCleanly() async throws {
        try await RunningPlatform.with { platform in
            for service in RunningPlatform.services {
                #expect(try await platform.get(service, "/healthz").status == .ok, "\(service) healthz")
                let ready = try await platform.get(service, "/readyz")
                #expect(ready.status == .ok, "\(service) readyz: \(String(buffer: ready.answerBody))")
                let contract = String(buffer: try await platform.get(service, "/openapi.yaml").answerBody)
                #expect(contract.contains("/aftersales.\(service).v1."), "\(service) serves its own contract")
            }

            let adminA = TestCaller.staff([.tenantAdmin], of: TestTenants.a, subject: "admin-a")
            let adminB = TestCaller.staff([.tenantAdmin], of: TestTenants.b, subject: "admin-b")

            // Tenant A: a merchant, a case for it, a return request, a repair order, a part, a webhook.
            let merchant = try await platform.call(
                "dispatch",
                "CreateMerchant",
                [
                    "name": "华强电子", "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"],
                ],
                as: adminA
            )
            #expect(merchant.status == .ok)
            let merchantID = try #require(merchant.json["merchantId"] as? String)
            // Intake learns the merchant from Dispatch's event before a case may name it.
            try await platform.clock.drain()
            let registered = try await platform.call(
                "intake",
                "CreateCase",
                IntakeRequests.createBody(
                    [
                        "productName": "罗技鼠标", "productCategory": "mouse", "reason": "左键失灵", "requestedResolution": "return_and_refund",
                        "merchantId": merchantID,
                    ],
                    order: "DD-1"
                ),
                as: adminA
            )
            #expect(registered.status == .ok)
            let caseID = try #require(registered.json["caseId"] as? String)
            // Repairs learns the case from Intake's event before an order may name it.
            try await platform.clock.drain()
            // The tenant's policy refuses the return asked for (the package is incomplete, B-03); a refund-only
            // request, which it has no rule for, goes to the merchant.
            let refused = try await platform.call(
                "returns",
                "CreateReturnRequest",
                [
                    "caseId": caseID, "merchantId": merchantID, "type": "return_and_refund",
                    "amount": ["currency": "CNY", "amountMinor": 12_900], "reason": "左键失灵",
                ],
                as: adminA
            )
            #expect(refused.json["code"] as? String == "failed_precondition" && "\(refused.json)".contains("B-03"), "\(refused.json)")
            let returned = try await platform.call(
                "returns",
                "CreateReturnRequest",
                [
                    "caseId": caseID, "merchantId": merchantID, "type": "refund_only",
                    "amount": ["currency": "CNY", "amountMinor": 12_900], "reason": "左键失灵",
                ],
                as: adminA
            )
            let returnID = try #require(returned.json["returnRequestId"] as? String, "\(returned.json)")
            let repair = try await platform.call(
                "repairs",
                "CreateRepairOrder",
                [
                    "caseId": caseID, "device": ["productName": "罗技鼠标", "model": "G304"], "reportedFault": "左键失灵",
                ],
                as: adminA
            )
            let repairID = try #require(repair.json["repairOrderId"] as? String)
            let part = try await platform.call(
                "parts",
                "CreatePart",
                [
                    "partNumber": "G304-SW-L", "name": "G304 左键微动", "kind": "aftermarket_part",
                    "unitCost": ["currency": "CNY", "amountMinor": 800],
                ],
                as: adminA
            )
            let partID = try #require(part.json["partId"] as? String)
            let webhook = try await platform.call(
                "notifications",
                "CreateWebhookEndpoint",
                [
                    "url": "https://erp.example.cn/hooks", "eventTypes": ["case.*"],
                ],
                as: .merchant(merchantID, of: TestTenants.a)
            )
            #expect(webhook.status == .ok)

            // Tenant A reads all of it back; tenant B finds none of it, in any service.
            let readsOfA: [(String, String, [String: Any])] = [
                ("dispatch", "GetMerchant", ["merchantId": merchantID]), ("intake", "GetCase", ["caseId": caseID]),
                ("returns", "GetReturnRequest", ["returnRequestId": returnID]), ("repairs", "GetRepairOrder", ["repairOrderId": repairID]),
                ("parts", "GetPart", ["partId": partID]),
            ]
            for (service, method, body) in readsOfA {
                #expect(try await platform.call(service, method, body, as: adminA).status == .ok, "A reads its \(method)")
                let read = try await platform.call(service, method, body, as: adminB)
                #expect(read.status == .notFound, "B must not see A's \(method): \(read.status)")
            }
            let merchantsOfB = try await platform.call("dispatch", "ListMerchants", [:], as: adminB)
            #expect((merchantsOfB.json["merchants"] as? [Any])?.isEmpty == true)
            let hooksOfB = try await platform.call("notifications", "ListWebhookEndpoints", [:], as: adminB)
            #expect((hooksOfB.json["webhookEndpoints"] as? [Any])?.isEmpty == true)
            let hooksOfA = try await platform.call("notifications", "ListWebhookEndpoints", [:], as: adminA)
            #expect((hooksOfA.json["webhookEndpoints"] as? [Any])?.count == 1)
            // B's own merchant may carry the same name: names are per tenant.
            let sameName = try await platform.call(
                "dispatch",
                "CreateMerchant",
                [
                    "name": "华强电子", "contacts": [["name": "李", "phone": "13900139000"]], "regions": ["华北"],
                ],
                as: adminB
            )
            #expect(sameName.status == .ok)
            // A merchant of B is not a merchant of A: its token finds nothing of A's.
            let strangeMerchant = TestCaller.merchant(Self.merchantOfB, of: TestTenants.b)
            #expect(try await platform.call("returns", "GetReturnRequest", ["returnRequestId": returnID], as: strangeMerchant).status == .notFound)

            // Every service counted what it served.
            for service in RunningPlatform.services {
                let metrics = String(buffer: try await platform.get(service, "/metrics").answerBody)
                #expect(metrics.contains("aftersales_requests_total{"), "\(service) exports request counts")
            }

            let statuses = try await platform.stop()
            for service in RunningPlatform.services {
                #expect(statuses[service] == .some(0), "\(service) did not exit cleanly on SIGTERM: \(String(describing: statuses[service]))")
            }
        }
    }
}
