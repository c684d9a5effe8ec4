import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Customer care through the running executables with the test clock (rules.md §2(g), §2(h), T-24, T-28,
/// T-35): a case registered at Intake (its customer reaches Notifications alone), repaired at Repairs —
/// the pickup notice goes an hour before the promised completion, from the tenant's template, not a second
/// earlier —, handed over: the first follow-up call falls due on day 3, is logged with a complaint, and the
/// complaint's 2-hour first-response timer runs out at its instant.
@Suite(.serialized) struct CustomerCareSystemTests {
    static let technician = TestCaller.staff([.technician], subject: "tech-1")
    static let frontDesk = TestCaller.staff([.csAgent], subject: "cs-1")
    static let care = TestCaller.staff([.csAgent, .followUpAgent, .supervisor], subject: "care-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!  // 10:00 in Shanghai

    static func ok(
        _ platform: RunningPlatform,
        _ service: String,
        _ operation: String,
        _ body: [String: Any],
        as caller: TestCaller
    )
        async throws -> [String: Any]
    {
        let answer = try await platform.call(service, operation, body, as: caller)
        #expect(answer.status == .ok, "\(operation): \(answer.status.code) \(answer.json)")
        return answer.json
    }

    static func at(_ seconds: Int) -> String { RFC3339.string(start.addingTimeInterval(TimeInterval(seconds)), milliseconds: false) }

    @Test func aRepairHandedOverIsNoticedFollowedUpOnDayThreeAndItsComplaintTimed() async throws {
        try await RunningPlatform.with(["intake", "repairs", "notifications"]) { platform in
            try await platform.clock.set(Self.start)
            let settings: [String: Any] = ["settings": ["name": "华强电脑城", "timeZone": "Asia/Shanghai"]]
            _ = try await Self.ok(platform, "intake", "PutTenantSettings", settings, as: TestCaller.staff([.tenantAdmin]))
            let template = "【{{shopName}}】{{customerName}}您好，您的{{productName}}预计{{readyAt}}修好，请凭取件单取回。"
            _ = try await Self.ok(
                platform,
                "notifications",
                "PutMessageTemplate",
                ["notice": "pickup_notice", "language": "zh", "body": template],
                as: Self.care
            )
            let registered = try await Self.ok(
                platform,
                "intake",
                "CreateCase",
                IntakeRequests.createBody(["merchantId": NSNull()], order: "CARE-1"),
                as: .clerk(TestTenants.a)
            )
            let caseID = try #require(registered["caseId"] as? String)
            _ = try await platform.clock.drain()

            // The repair: accepted at 10:00 with 500 min of work, promised for 20:00; the pickup notice is due at 19:00.
            let body: [String: Any] = [
                "caseId": caseID, "device": ["productName": "ThinkPad X1"], "reportedFault": "不开机", "category": "laptop",
            ]
            let order = try #require(
                try await Self.ok(platform, "repairs", "CreateRepairOrder", body, as: Self.technician)["repairOrderId"] as? String
            )
            let checkIn: [String: Any] = ["repairOrderId": order, "exteriorCondition": "完好", "customerSignatureRef": "s", "matchesEvidence": true]
            _ = try await Self.ok(platform, "repairs", "CheckInRepairOrder", checkIn, as: Self.technician)
            let quote: [String: Any] = [
                "repairOrderId": order, "method": "system", "workMinutes": 500,
                "lines": [["description": "主板维修", "kind": "package", "price": ["currency": "CNY", "amountMinor": 30_000]]],
            ]
            _ = try await Self.ok(platform, "repairs", "QuoteRepair", quote, as: Self.technician)
            let accepted = try await Self.ok(
                platform,
                "repairs",
                "AcceptQuote",
                ["repairOrderId": order, "customerSignatureRef": "s"],
                as: Self.frontDesk
            )
            #expect(accepted["promisedBy"] as? String == Self.at(10 * 3600))

            func messages() async throws -> [[String: Any]] {
                try await Self.ok(platform, "notifications", "ListCustomerMessages", ["caseId": caseID], as: Self.care)["customerMessages"]
                    as? [[String: Any]] ?? []
            }
            try await platform.clock.advance(by: 9 * 3600 - 1)
            _ = try await platform.clock.drain()
            #expect(try await messages().isEmpty, "a second before the pickup notice")
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            let notices = try await messages()
            #expect(notices.count == 1)
            let pickup = try #require(notices.first)
            #expect(pickup["notice"] as? String == "pickup_notice" && pickup["status"] as? String == "sent")
            #expect(pickup["sentAt"] as? String == Self.at(9 * 3600) && pickup["recipient"] as? String == "+8613912345678")
            #expect(pickup["body"] as? String == "【华强电脑城】王芳您好，您的笔记本电脑 ThinkPad X1预计2026-12-01 20:00修好，请凭取件单取回。")

            // Finished, checked, settled and handed over at 19:00.
            _ = try await Self.ok(platform, "repairs", "FinishRepair", ["repairOrderId": order, "workDone": "更换电源管理芯片"], as: Self.technician)
            let checklist = try #require(
                try await Self.ok(platform, "repairs", "GetQcChecklist", ["category": "laptop"], as: Self.technician)["items"] as? [String]
            )
            let qc: [String: Any] = ["repairOrderId": order, "results": checklist.map { ["item": $0, "passed": true] }]
            _ = try await Self.ok(platform, "repairs", "RecordQualityCheck", qc, as: Self.technician)
            _ = try await Self.ok(platform, "repairs", "SettleRepairOrder", ["repairOrderId": order], as: Self.frontDesk)
            let handover: [String: Any] = ["repairOrderId": order, "method": "collected", "customerConfirmationRef": "sig-3"]
            #expect(try await Self.ok(platform, "repairs", "HandOverRepairOrder", handover, as: Self.frontDesk)["status"] as? String == "delivered")
            _ = try await platform.clock.drain()
            #expect(try await messages().contains { $0["notice"] as? String == "satisfaction_survey" && $0["status"] as? String == "sent" })

            // The first follow-up call: due from day 3 after the handover (19:00 on 4 December), not a second before.
            func dueTasks() async throws -> [[String: Any]] {
                try await Self.ok(platform, "notifications", "ListFollowUpTasks", ["dueOnly": true], as: Self.care)["followUpTasks"]
                    as? [[String: Any]] ?? []
            }
            try await platform.clock.advance(by: 3 * 86_400 - 1)
            #expect(try await dueTasks().isEmpty)
            try await platform.clock.advance(by: 1)
            let due = try await dueTasks()
            let task = try #require(due.first)
            #expect(due.count == 1 && task["caseId"] as? String == caseID && task["repairOrderId"] as? String == order)
            #expect(task["opensAt"] as? String == Self.at(9 * 3600 + 3 * 86_400) && task["dueBy"] as? String == Self.at(9 * 3600 + 7 * 86_400))

            let call: [String: Any] = [
                "followUpTaskId": task["followUpTaskId"] as? String ?? "", "outcome": "reached", "notes": "开机正常，但风扇噪音大",
                "complaint": ["category": "repair_quality", "urgency": "urgent", "summary": "修后风扇噪音大"],
            ]
            let logged = try await Self.ok(platform, "notifications", "LogFollowUpCall", call, as: Self.care)
            let complaint = try #require(logged["complaint"] as? [String: Any])
            let complaintID = try #require(complaint["complaintId"] as? String)
            #expect(complaint["customerName"] as? String == "王芳" && complaint["status"] as? String == "open")
            let received = 9 * 3600 + 3 * 86_400
            #expect(complaint["firstResponseDueAt"] as? String == Self.at(received + 2 * 3600))
            #expect((logged["nextFollowUpTask"] as? [String: Any])?["opensAt"] as? String == Self.at(received + 7 * 86_400))

            // The complaint's SLA timer runs: a second before 2 h nothing, at 2 h it is breached.
            try await platform.clock.advance(by: 2 * 3600 - 1)
            _ = try await platform.clock.drain()
            var read = try await Self.ok(platform, "notifications", "GetComplaint", ["complaintId": complaintID], as: Self.care)
            #expect(read["slaBreachedAt"] == nil && read["firstResponseMet"] == nil)
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            read = try await Self.ok(platform, "notifications", "GetComplaint", ["complaintId": complaintID], as: Self.care)
            #expect(read["slaBreachedAt"] as? String == Self.at(received + 2 * 3600) && read["firstResponseMet"] as? Bool == false)

            // Another tenant sees none of it.
            let other = TestCaller.staff([.csAgent, .followUpAgent, .supervisor], of: TestTenants.b)
            #expect(
                try await platform.call("notifications", "GetComplaint", ["complaintId": complaintID], as: other).json["code"] as? String
                    == "not_found"
            )
            let theirs = try await Self.ok(platform, "notifications", "ListCustomerMessages", [:], as: other)
            #expect((theirs["customerMessages"] as? [Any])?.isEmpty == true)
        }
    }
}
