import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Broken-object-level authorization, through the six running executables: partners hold API keys,
/// exchange them at Dispatch, and with the tokens they get cannot read, list, page into or act on another
/// merchant's records (its cases at Dispatch and Intake, its repair orders at Repairs) — by guessing ids,
/// replaying page tokens or changing filters — nor get in with a revoked, expired or other-tenant key;
/// Dispatch's key signs merchant tokens only. Every refusal is the code DESIGN §5 names, none a 5xx. PyJWT
/// verifies an exchanged token against the published key set.
@Suite(.serialized) struct PartnerAccessSystemTests {
    static let adminA = TestCaller.staff([.tenantAdmin], of: TestTenants.a, subject: "admin-a")
    static let adminB = TestCaller.staff([.tenantAdmin], of: TestTenants.b, subject: "admin-b")
    static let script = TestEnvironment.repositoryRoot.appending(path: "Tests/Interop/pyjwt_interop.py").path

    static func merchant(_ platform: RunningPlatform, _ name: String, as admin: TestCaller) async throws -> String {
        let body: [String: Any] = ["name": name, "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"]]
        let created = try await platform.call("dispatch", "CreateMerchant", body, as: admin)
        return try #require(created.json["merchantId"] as? String, "\(created.json)")
    }

    static func issue(
        _ platform: RunningPlatform,
        _ merchant: String,
        as admin: TestCaller,
        expiresAt: String? = nil
    ) async throws -> (key: String, id: String) {
        var body: [String: Any] = ["merchantId": merchant, "name": "ERP"]
        if let expiresAt { body["expiresAt"] = expiresAt }
        let issued = try await platform.call("dispatch", "IssueMerchantApiKey", body, as: admin)
        let key = try #require(issued.json["apiKey"] as? String, "\(issued.json)")
        return (key, try #require((issued.json["key"] as? [String: Any])?["apiKeyId"] as? String))
    }

    static func exchange(_ platform: RunningPlatform, _ key: String) async throws -> TestClient.Response {
        try await platform.call("dispatch", "ExchangeApiKey", ["apiKey": key], bearer: nil)
    }

    static func token(_ platform: RunningPlatform, _ key: String) async throws -> String {
        let exchanged = try await exchange(platform, key)
        return try #require(exchanged.json["accessToken"] as? String, "\(exchanged.json)")
    }

    /// A refusal with `code` and the status DESIGN §4 gives it — never a 5xx.
    static func refused(_ answer: TestClient.Response, _ code: String, _ what: String) {
        #expect(answer.code == code && answer.status.code < 500, "\(what): \(answer.status.code) \(answer.json)")
    }

    @Test func oneMerchantCannotReachAnothersRecordsByAnyRoute() async throws {
        try await RunningPlatform.with { platform in
            try await platform.clock.set(RFC3339.date("2026-12-01T02:00:00Z")!)
            let merchantA = try await Self.merchant(platform, "甲商家", as: Self.adminA)
            let merchantB = try await Self.merchant(platform, "乙商家", as: Self.adminA)
            let merchantC = try await Self.merchant(platform, "丙商家", as: Self.adminB)
            let keyA = try await Self.issue(platform, merchantA, as: Self.adminA)
            let keyB1 = try await Self.issue(platform, merchantB, as: Self.adminA)
            let keyB2 = try await Self.issue(platform, merchantB, as: Self.adminA)
            let keyC = try await Self.issue(platform, merchantC, as: Self.adminB)
            let tokenA = try await Self.token(platform, keyA.key)
            let tokenB = try await Self.token(platform, keyB1.key)
            let tokenC = try await Self.token(platform, keyC.key)

            // A partner verifies its token as any JWT library would, from the published key set.
            let jwks = "http://127.0.0.1:\(platform.port("dispatch"))/.well-known/jwks.json"
            let (status, claims) = try await Self.python(["verify-jwks", jwks, tokenA, "aftersales", "aftersales-dispatch"])
            #expect(status == 0, "\(claims)")
            #expect(claims.contains(#""mid": "\#(merchantA)""#) && claims.contains(#""roles": ["merchant"]"#), "\(claims)")

            // Guessing ids: B's merchant, B's key, B's case are simply not found for A.
            #expect(try await platform.call("dispatch", "GetMerchant", ["merchantId": merchantA], bearer: tokenA).status == .ok)
            Self.refused(try await platform.call("dispatch", "GetMerchant", ["merchantId": merchantB], bearer: tokenA), "not_found", "B's merchant")
            Self.refused(try await platform.call("dispatch", "RevokeMerchantApiKey", ["apiKeyId": keyB1.id], bearer: tokenA), "not_found", "B's key")
            try await platform.clock.drain()
            let body = IntakeRequests.createBody(
                ["productName": "显卡", "productCategory": "graphics_card", "reason": "花屏", "merchantId": merchantB],
                order: "JD-9"
            )
            let caseB = try #require(try await platform.call("intake", "CreateCase", body, as: Self.adminA).json["caseId"] as? String)
            try await platform.clock.drain()
            Self.refused(try await platform.call("dispatch", "AcknowledgeCase", ["caseId": caseB], bearer: tokenA), "not_found", "B's case")
            Self.refused(try await platform.call("intake", "GetCase", ["caseId": caseB], bearer: tokenA), "not_found", "B's case at Intake")
            #expect(try await platform.call("dispatch", "AcknowledgeCase", ["caseId": caseB], bearer: tokenB).status == .ok)
            // Every step of the handshake on B's case is not found for A; the lists and scorecard show A its own.
            let steps: [(String, [String: Any])] = [
                ("GetDispatchCase", ["caseId": caseB]),
                ("RecordInspection", ["caseId": caseB, "outcome": "fault_confirmed", "findings": "屏幕坏点"]),
                ("ProposeResolution", ["caseId": caseB, "resolution": "repair"]),
                ("ShipItemBack", ["caseId": caseB, "method": "ready_for_pickup"]),
                ("HandBackCase", ["caseId": caseB, "reason": "不是我们的"]),
            ]
            for (operation, body) in steps {
                Self.refused(try await platform.call("dispatch", operation, body, bearer: tokenA), "not_found", "\(operation) on B's case")
            }
            let inboxA = try await platform.call("dispatch", "ListDispatchCases", ["merchantId": merchantB], bearer: tokenA)
            #expect(inboxA.status == .ok && (inboxA.json["cases"] as? [[String: Any]])?.isEmpty == true, "A names B and sees its own: \(inboxA.json)")
            let inboxB = try await platform.call("dispatch", "ListDispatchCases", [:], bearer: tokenB)
            #expect((inboxB.json["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [caseB])
            let period: [String: Any] = ["from": "2026-12-01T00:00:00Z", "to": "2026-12-02T00:00:00Z"]
            var namingB = period
            namingB["merchantId"] = merchantB
            Self.refused(try await platform.call("dispatch", "GetMerchantScorecard", namingB, bearer: tokenA), "not_found", "B's scorecard")
            let ownCard = try await platform.call("dispatch", "GetMerchantScorecard", period, bearer: tokenA)
            #expect((ownCard.json["merchants"] as? [[String: Any]])?.allSatisfy { $0["merchantId"] as? String == merchantA } == true)
            // The dispatcher's, the front desk's and the escalation desk's operations are closed to partners.
            let staffOnly: [(String, [String: Any])] = [
                ("AssignCase", ["caseId": caseB, "merchantId": merchantA]),
                ("AnswerProposal", ["caseId": caseB, "accept": true]),
                ("ListDispatcherTasks", [:]),
                ("EscalateCase", ["caseId": caseB, "reason": "催"]),
                ("ListEscalations", [:]),
                ("BuildDispatchRun", ["runDate": "2026-12-01", "region": "华南", "runner": "小李"]),
                ("GetRunSheet", ["runId": caseB]),
            ]
            for (operation, body) in staffOnly {
                Self.refused(try await platform.call("dispatch", operation, body, bearer: tokenA), "permission_denied", operation)
            }

            // Repairs: B agrees to repair its case; the order Repairs opens is B's to see and work, not A's.
            let inspected: [String: Any] = ["caseId": caseB, "outcome": "fault_confirmed", "findings": "显存颗粒虚焊"]
            #expect(try await platform.call("dispatch", "RecordInspection", inspected, bearer: tokenB).status == .ok)
            #expect(
                try await platform.call("dispatch", "ProposeResolution", ["caseId": caseB, "resolution": "repair"], bearer: tokenB).status == .ok
            )
            try await platform.clock.drain()
            let repairsB = try await platform.call("repairs", "ListRepairOrders", ["caseId": caseB], bearer: tokenB)
            let orderB = try #require((repairsB.json["repairOrders"] as? [[String: Any]])?.first?["repairOrderId"] as? String, "\(repairsB.json)")
            let repairSteps: [(String, [String: Any])] = [
                ("GetRepairOrder", ["repairOrderId": orderB]),
                ("CheckInRepairOrder", ["repairOrderId": orderB, "exteriorCondition": "完好", "customerSignatureRef": "s", "matchesEvidence": true]),
                ("AssignTechnician", ["repairOrderId": orderB, "technician": "甲的人"]),
                ("CancelRepairOrder", ["repairOrderId": orderB, "reason": "抢单"]),
            ]
            for (operation, body) in repairSteps {
                Self.refused(try await platform.call("repairs", operation, body, bearer: tokenA), "not_found", "\(operation) on B's repair order")
            }
            let repairsA = try await platform.call("repairs", "ListRepairOrders", ["caseId": caseB], bearer: tokenA)
            #expect((repairsA.json["repairOrders"] as? [Any])?.isEmpty == true, "A filters on B's case and sees none: \(repairsA.json)")
            Self.refused(
                try await platform.call("repairs", "CreateRepairOrder", ["device": ["productName": "显卡"], "reportedFault": "花屏"], bearer: tokenA),
                "permission_denied",
                "a partner registers no repair"
            )
            let checkedIn = try await platform.call("repairs", "CheckInRepairOrder", repairSteps[1].1, bearer: tokenB)
            #expect(checkedIn.json["status"] as? String == "checked_in", "B works its own order: \(checkedIn.json)")

            // Returns: a request addressed to B is B's to see and answer — not A's, whatever A tries — and the
            // customer's side and the platform's review are closed to partners.
            let filed: [String: Any] = [
                "caseId": caseB, "merchantId": merchantB, "type": "refund_only", "amount": ["currency": "CNY", "amountMinor": 12_900],
                "reason": "显卡花屏，申请部分退款",
            ]
            let requestB = try #require(
                try await platform.call("returns", "CreateReturnRequest", filed, as: Self.adminA).json["returnRequestId"] as? String
            )
            let returnSteps: [(String, [String: Any])] = [
                ("GetReturnRequest", ["returnRequestId": requestB]),
                ("ApproveReturnRequest", ["returnRequestId": requestB]),
                ("RejectReturnRequest", ["returnRequestId": requestB, "reason": "抢单"]),
                ("OfferPartialRefund", ["returnRequestId": requestB, "amount": ["currency": "CNY", "amountMinor": 100]]),
                ("ConfirmReturnReceipt", ["returnRequestId": requestB, "acceptable": true]),
            ]
            for (operation, body) in returnSteps {
                Self.refused(try await platform.call("returns", operation, body, bearer: tokenA), "not_found", "\(operation) on B's request")
            }
            let listedForA = try await platform.call("returns", "ListReturnRequests", ["caseId": caseB], bearer: tokenA)
            #expect((listedForA.json["returnRequests"] as? [Any])?.isEmpty == true, "A filters on B's case and sees none: \(listedForA.json)")
            for (operation, body) in [
                ("WithdrawReturnRequest", ["returnRequestId": requestB]), ("CreateReturnRequest", filed),
                ("ArbitrateReturnRequest", ["returnRequestId": requestB, "decision": "support_buyer", "note": "x"]),
            ] as [(String, [String: Any])] {
                Self.refused(try await platform.call("returns", operation, body, bearer: tokenA), "permission_denied", operation)
            }
            let waitingForB = try await platform.call("returns", "ListReturnRequests", ["waitingOn": "merchant"], bearer: tokenB)
            #expect((waitingForB.json["returnRequests"] as? [[String: Any]])?.compactMap { $0["returnRequestId"] as? String } == [requestB])
            let approvedByB = try await platform.call("returns", "ApproveReturnRequest", ["returnRequestId": requestB], bearer: tokenB)
            #expect(approvedByB.json["status"] as? String == "refund_approved", "B answers its own: \(approvedByB.json)")

            // Changing filters: A names B in its key list; lists staff read are closed to partners.
            Self.refused(
                try await platform.call("dispatch", "ListMerchantApiKeys", ["merchantId": merchantB], bearer: tokenA),
                "not_found",
                "B's keys by filter"
            )
            let own = try await platform.call("dispatch", "ListMerchantApiKeys", [:], bearer: tokenA)
            #expect((own.json["keys"] as? [[String: Any]])?.compactMap { $0["merchantId"] as? String } == [merchantA])
            Self.refused(try await platform.call("dispatch", "ListMerchants", [:], bearer: tokenA), "permission_denied", "the registry list")

            // Replaying page tokens: B's next page is not A's to read, with or without B's filter.
            let pageB = try await platform.call("dispatch", "ListMerchantApiKeys", ["pageSize": 1], bearer: tokenB)
            let next = try #require(pageB.json["nextPageToken"] as? String)
            Self.refused(
                try await platform.call("dispatch", "ListMerchantApiKeys", ["pageSize": 1, "pageToken": next], bearer: tokenA),
                "invalid_argument",
                "B's page token"
            )
            Self.refused(
                try await platform.call(
                    "dispatch",
                    "ListMerchantApiKeys",
                    ["pageSize": 1, "pageToken": next, "merchantId": merchantB],
                    bearer: tokenA
                ),
                "not_found",
                "B's page token with B's filter"
            )
            let secondPage = try await platform.call("dispatch", "ListMerchantApiKeys", ["pageSize": 1, "pageToken": next], bearer: tokenB)
            #expect((secondPage.json["keys"] as? [[String: Any]])?.first?["apiKeyId"] as? String == keyB1.id, "B pages through its own")

            // Another tenant's key and token: tenant B's merchant C sees nothing of tenant A.
            Self.refused(try await platform.call("dispatch", "GetMerchant", ["merchantId": merchantA], bearer: tokenC), "not_found", "other tenant")
            Self.refused(try await platform.call("intake", "GetCase", ["caseId": caseB], bearer: tokenC), "not_found", "other tenant's case")
            // C's key id and secret presented as if of tenant A: no such key there.
            let tenantAHex = TestTenants.a.description.replacingOccurrences(of: "-", with: "")
            let transplanted = "ask_" + tenantAHex + keyC.key.dropFirst(4 + 32)
            Self.refused(try await Self.exchange(platform, String(transplanted)), "unauthenticated", "a key moved to another tenant")

            // Revoked and expired keys mint nothing from the next call on; rotation keeps B working.
            #expect(try await platform.call("dispatch", "RevokeMerchantApiKey", ["apiKeyId": keyB1.id], bearer: tokenB).status == .ok)
            Self.refused(try await Self.exchange(platform, keyB1.key), "unauthenticated", "a revoked key")
            #expect(try await Self.exchange(platform, keyB2.key).status == .ok, "the second key works")
            // The partner's CLI does the same exchange; its token reads B's own record.
            let dispatchURL = "http://127.0.0.1:\(platform.port("dispatch"))"
            let cli = try await CommandLineTool.run(["partner", "exchange", "--api-key", keyB2.key, "--url", dispatchURL, "--token-only"])
            #expect(cli.status == 0, "\(cli.errors)")
            #expect(try await platform.call("dispatch", "GetMerchant", ["merchantId": merchantB], bearer: cli.output).status == .ok)
            let revokedByCLI = try await CommandLineTool.run(["partner", "exchange", "--api-key", keyB1.key, "--url", dispatchURL])
            #expect(revokedByCLI.status == 1 && revokedByCLI.errors.contains("unauthenticated"), "\(revokedByCLI.errors)")
            let shortLived = try await Self.issue(platform, merchantA, as: Self.adminA, expiresAt: "2026-12-01T03:00:00Z")
            #expect(try await Self.exchange(platform, shortLived.key).status == .ok)
            try await platform.clock.advance(by: 3601)
            Self.refused(try await Self.exchange(platform, shortLived.key), "unauthenticated", "an expired key")
        }
    }

    /// Dispatch's key signs merchant tokens of its own issuer only; the operator's key cannot pass for
    /// Dispatch — refused by every service, as unauthenticated.
    @Test func dispatchsKeyIsTrustedForMerchantTokensOnlyEverywhere() async throws {
        try await RunningPlatform.with { platform in
            let probes: [(String, String, [String: Any])] = [
                ("intake", "GetCase", ["caseId": UUID().uuidString.lowercased()]),
                ("dispatch", "GetMerchant", ["merchantId": UUID().uuidString.lowercased()]),
                ("returns", "GetReturnRequest", ["returnRequestId": UUID().uuidString.lowercased()]),
                ("repairs", "GetRepairOrder", ["repairOrderId": UUID().uuidString.lowercased()]),
                ("parts", "GetPart", ["partNumber": "logi-g304-sw"]),
                ("notifications", "ListWebhookEndpoints", [:]),
            ]
            let merchant = UUID()
            func signed(_ key: TestTokens.Key, _ issuer: String, _ roles: [Role]) async throws -> String {
                var claims = TestTokens.claims(tenant: TestTenants.a, roles: roles, merchant: roles.contains(.merchant) ? merchant : nil)
                claims.iss = issuer
                return try await TestTokens.sign(claims, with: key)
            }
            let forbidden = [
                ("a staff role from Dispatch's key", try await signed(TestTokens.partnerKey, "aftersales-dispatch", [.tenantAdmin])),
                ("the operator's issuer on Dispatch's key", try await signed(TestTokens.partnerKey, TestTokens.issuer, [.merchant])),
                ("Dispatch's issuer on the operator's key", try await signed(TestTokens.primaryKey, "aftersales-dispatch", [.merchant])),
            ]
            let genuine = try await signed(TestTokens.partnerKey, "aftersales-dispatch", [.merchant])
            for (service, method, body) in probes {
                for (what, token) in forbidden {
                    Self.refused(try await platform.call(service, method, body, bearer: token), "unauthenticated", "\(service) \(what)")
                }
                // The genuine merchant token gets past authentication everywhere: not found, or not its role.
                let answer = try await platform.call(service, method, body, bearer: genuine)
                #expect(["not_found", "permission_denied", nil].contains(answer.code) && answer.status.code < 500, "\(service): \(answer.json)")
                #expect(answer.code != "unauthenticated", "\(service) trusts Dispatch's key for merchants")
            }
        }
    }

    static func python(_ arguments: [String]) async throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appending(path: "pyjwt-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid = try ChildProcess.spawn(TestEnvironment.python, [script] + arguments, environment: [:], outputPath: output)
        let status = try await ChildProcess.wait(pid, timeout: .seconds(30)) ?? -1
        return (status, (try? String(contentsOfFile: output, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }
}
