import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NotificationsService
import ServiceKit
import TestSupport
import Testing

/// Follow-up calls and complaints (rules.md §2(g), §2(h), T-28, T-29, T-30, T-35, T-37) by the test clock:
/// each task and timer at its exact instant, and every record the tenant's alone.
@Suite struct FollowUpAndComplaintTests {
    typealias F = CareFixture

    static func tasks(_ client: ServiceTestClient, _ filter: [String: Any] = [:]) async throws -> [[String: Any]] {
        try await F.ok(client, "ListFollowUpTasks", filter)["followUpTasks"] as? [[String: Any]] ?? []
    }

    static func handedOver(_ client: ServiceTestClient, caseID: UUID, at: Date) async throws -> UUID {
        let order = UUID.v7()
        let changed = RepairOrderChanged(
            repairOrderID: order,
            caseID: caseID,
            merchantID: F.merchant,
            stage: .returnedToCustomer,
            status: .delivered,
            step: "handed_over",
            dueAt: nil
        )
        try await TestEvents.deliver(client, [try F.envelope(changed, subject: order, at: at)])
        return order
    }

    /// Handed over at 10:00 on 10 March: the first call is due from 10:00 on the 13th, overdue after the 17th;
    /// a call that reached the customer on the 14th opens the second, due 21st – 28th.
    @Test func theFirstCallFallsDueOnDayThreeAndTheSecondAWeekAfterIt() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let order = try await Self.handedOver(client, caseID: caseID, at: F.Harness.start)
                let all = try await Self.tasks(client)
                #expect(all.count == 1)
                let task = try #require(all.first)
                #expect(task["repairOrderId"] as? String == order.wire && task["sequence"] as? Int == 1)
                #expect(task["opensAt"] as? String == "2026-03-13T02:00:00Z" && task["dueBy"] as? String == "2026-03-17T02:00:00Z")
                let id = try #require(task["followUpTaskId"] as? String)
                let early = try await client.call("LogFollowUpCall", ["followUpTaskId": id, "outcome": "reached"])
                #expect(early.code == "failed_precondition" && early.violatedFields == ["followUpTaskId"], "a call before day 3 does not count")

                try harness.clock.advance(by: 3 * 86_400 - 1)
                #expect(try await Self.tasks(client, ["dueOnly": true]).isEmpty, "a second before day 3")
                try harness.clock.advance(by: 1)
                #expect(try await Self.tasks(client, ["dueOnly": true]).count == 1, "due on day 3")
                #expect(try await Self.tasks(client, ["overdueOnly": true]).isEmpty)

                let supervisor = try await client.calling(as: F.supervisor)
                _ = try await F.ok(supervisor, "AssignFollowUpTask", ["followUpTaskId": id, "assignee": "follow-up-2"])
                #expect(try await Self.tasks(client, ["assignee": "follow-up-2"]).count == 1)
                #expect(try await Self.tasks(client, ["assignee": "someone-else"]).isEmpty)

                let missed = try await F.ok(client, "LogFollowUpCall", ["followUpTaskId": id, "outcome": "not_reached", "notes": "无人接听"])
                #expect((missed["followUpTask"] as? [String: Any])?["status"] as? String == "open")
                #expect(missed["nextFollowUpTask"] == nil)

                try harness.clock.advance(by: 4 * 86_400)  // 10:00 on the 17th: the window's last instant
                #expect(try await Self.tasks(client, ["overdueOnly": true]).isEmpty)
                try harness.clock.advance(by: 1)
                let overdue = try await Self.tasks(client, ["overdueOnly": true])
                #expect(overdue.count == 1 && overdue.first?["overdue"] as? Bool == true)

                let reached = try await F.ok(client, "LogFollowUpCall", ["followUpTaskId": id, "outcome": "reached", "notes": "客户满意"])
                #expect((reached["followUpTask"] as? [String: Any])?["status"] as? String == "done")
                let second = try #require(reached["nextFollowUpTask"] as? [String: Any])
                #expect(second["sequence"] as? Int == 2 && second["assignee"] as? String == "follow-up-2")
                #expect(second["opensAt"] as? String == "2026-03-24T02:00:01Z" && second["dueBy"] as? String == "2026-03-31T02:00:01Z")
                let done = try await client.call("LogFollowUpCall", ["followUpTaskId": id, "outcome": "reached"])
                #expect(done.code == "failed_precondition" && done.violatedFields == ["followUpTaskId"])
                let reassigned = try await supervisor.call("AssignFollowUpTask", ["followUpTaskId": id, "assignee": "follow-up-3"])
                #expect(reassigned.code == "failed_precondition", "a task done is not given to anyone")

                // The same handover again makes no second first call.
                _ = try await Self.handedOver(client, caseID: caseID, at: F.Harness.start)
                #expect(try await Self.tasks(client, ["status": "done"]).count == 1)
                #expect(try await Self.tasks(client).count == 2, "the new handover's own task and the second call")

                let other = try await client.calling(as: TestCaller.staff([.followUpAgent], of: TestTenants.b))
                #expect(try await Self.tasks(other).isEmpty)
                #expect(try await other.call("LogFollowUpCall", ["followUpTaskId": id, "outcome": "reached"]).code == "not_found")
            }
        }
    }

    /// Received at 10:00: an answer at 11:59:59 meets the SLA, one at 12:00:00 does not; unanswered, the
    /// 2 hours run out at 12:00:00 exactly; unresolved, escalated at 10:00 two days later, not a second before.
    @Test func theTwoHourSlaAndTheTwoDayEscalationAtTheirExactInstants() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                func register(_ channel: String) async throws -> String {
                    let body: [String: Any] = [
                        "channel": channel, "caseId": caseID.wire, "category": "repair_delay", "summary": "维修超期", "urgency": "urgent",
                    ]
                    let complaint = try await F.ok(client, "RegisterComplaint", body)
                    #expect(complaint["customerName"] as? String == "李女士" && complaint["customerPhone"] as? String == F.phone)
                    #expect(complaint["firstResponseDueAt"] as? String == "2026-03-10T04:00:00Z")
                    #expect(complaint["escalationDueAt"] as? String == "2026-03-12T02:00:00Z")
                    return try #require(complaint["complaintId"] as? String)
                }
                let onTime = try await register("phone")
                let late = try await register("online_form")
                let silent = try await register("visit")
                let closed = try await register("complaint_office")
                let noCustomer = try await client.call("RegisterComplaint", ["channel": "phone", "category": "x", "summary": "y"])
                #expect(noCustomer.violatedFields == ["customerName", "customerPhone"])

                try harness.clock.advance(by: 2 * 3600 - 1)
                let met = try await F.ok(
                    client,
                    "RespondToComplaint",
                    ["complaintId": onTime, "reply": "已致歉，正在核实", "promisedReplyAt": "2026-03-10T06:00:00Z"]
                )
                #expect(met["firstResponseMet"] as? Bool == true && met["status"] as? String == "awaiting_reply")
                try await F.drain(client)
                #expect(try await F.ok(client, "GetComplaint", ["complaintId": silent])["firstResponseMet"] == nil, "still inside the 2 hours")
                try harness.clock.advance(by: 1)
                let missed = try await F.ok(client, "RespondToComplaint", ["complaintId": late, "reply": "抱歉久等"])
                #expect(missed["firstResponseMet"] as? Bool == false)
                try await F.drain(client)
                let breached = try await F.ok(client, "GetComplaint", ["complaintId": silent])
                #expect(breached["firstResponseMet"] as? Bool == false && breached["slaBreachedAt"] as? String == "2026-03-10T04:00:00Z")
                #expect((breached["steps"] as? [[String: Any]])?.map { $0["step"] as? String } == ["received", "first_response_overdue"])

                // The promised reply at 14:00 passes with no reply.
                try harness.clock.set(F.at("2026-03-10T06:00:00Z"))
                try await F.drain(client)
                #expect(try await F.ok(client, "GetComplaint", ["complaintId": onTime])["replyOverdueAt"] as? String == "2026-03-10T06:00:00Z")

                let closing: [String: Any] = ["complaintId": closed, "outcome": "免费更换排线", "customerSatisfied": true]
                #expect(try await F.ok(client, "CloseComplaint", closing)["status"] as? String == "closed")
                #expect(try await client.call("CloseComplaint", closing).code == "failed_precondition")

                try harness.clock.set(F.at("2026-03-12T01:59:59Z"))
                try await F.drain(client)
                #expect((try await F.ok(client, "ListComplaints", ["status": "escalated"])["complaints"] as? [Any])?.isEmpty == true)
                try harness.clock.set(F.at("2026-03-12T02:00:00Z"))
                try await F.drain(client)
                let escalated = try await F.ok(client, "ListComplaints", ["status": "escalated"])["complaints"] as? [[String: Any]] ?? []
                #expect(Set(escalated.compactMap { $0["complaintId"] as? String }) == [onTime, late, silent], "the closed one is not")
                #expect(escalated.allSatisfy { $0["escalatedAt"] as? String == "2026-03-12T02:00:00Z" })

                let reader = try await client.calling(as: TestCaller.staff([.dashboardReader]))
                let report = try await F.ok(reader, "GetComplaintSlaReport", ["from": "2026-03-09", "to": "2026-03-15", "period": "week"])
                let week = try #require((report["periods"] as? [[String: Any]])?.first)
                #expect(week["periodStart"] as? String == "2026-03-09")
                // Met: the one answered at 11:59:59; missed: at 12:00:00, never, and the one first answered by closing it at 14:00.
                #expect(week["received"] as? Int == 4 && week["met"] as? Int == 1 && week["missed"] as? Int == 3 && week["pending"] as? Int == 0)
                #expect(week["escalated"] as? Int == 3 && week["closed"] as? Int == 1 && week["customerSatisfied"] as? Int == 1)
                #expect(week["complianceBasisPoints"] as? Int == 2_500)
                let backwards = try await reader.call("GetComplaintSlaReport", ["from": "2026-03-15", "to": "2026-03-09"])
                #expect(backwards.violatedFields == ["to"])

                // Complainants' details are staff's: not a dashboard's, not a storefront's (which acts for one customer).
                #expect(try await reader.call("GetComplaint", ["complaintId": onTime]).code == "permission_denied")
                let storefront = try await client.calling(as: TestCaller.staff([.storefront], subject: "customer-1"))
                let registerBody: [String: Any] = ["channel": "online_form", "caseId": caseID.wire, "category": "x", "summary": "y"]
                #expect(try await storefront.call("RegisterComplaint", registerBody).code == "permission_denied")
                let preferences: [String: Any] = ["phone": F.phone, "language": "en", "channel": "sms"]
                #expect(try await storefront.call("PutContactPreferences", preferences).code == "permission_denied")
                let other = try await client.calling(as: TestCaller.staff([.csAgent, .supervisor], of: TestTenants.b))
                #expect(try await other.call("GetComplaint", ["complaintId": onTime]).code == "not_found")
                #expect(try await other.call("RespondToComplaint", ["complaintId": onTime, "reply": "x"]).code == "not_found")
                #expect((try await F.ok(other, "ListComplaints", [:])["complaints"] as? [Any])?.isEmpty == true)
                #expect(
                    try await other.call("RegisterComplaint", ["channel": "phone", "caseId": caseID.wire, "category": "x", "summary": "y"]).code
                        == "failed_precondition"
                )
            }
        }
    }

    @Test func aComplaintRaisedInAFollowUpCallIsRegisteredWithItsTimers() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                _ = try await Self.handedOver(client, caseID: caseID, at: F.Harness.start)
                let task = try #require(try await Self.tasks(client).first?["followUpTaskId"] as? String)
                try harness.clock.advance(by: 3 * 86_400)
                let call: [String: Any] = [
                    "followUpTaskId": task, "outcome": "reached", "notes": "屏幕偶有闪烁",
                    "complaint": ["category": "repair_quality", "summary": "修后屏幕闪烁"], "nextContactAt": "2026-03-14T02:00:00Z",
                ]
                let logged = try await F.ok(client, "LogFollowUpCall", call)
                let complaint = try #require(logged["complaint"] as? [String: Any])
                #expect(complaint["channel"] as? String == "follow_up_call" && complaint["caseId"] as? String == caseID.wire)
                #expect(complaint["firstResponseDueAt"] as? String == "2026-03-13T04:00:00Z")
                #expect((logged["call"] as? [String: Any])?["complaintId"] as? String == complaint["complaintId"] as? String)
                let past = try await client.call(
                    "LogFollowUpCall",
                    ["followUpTaskId": task, "outcome": "reached", "nextContactAt": "2026-03-01T00:00:00Z"]
                )
                #expect(past.violatedFields == ["nextContactAt"])
            }
        }
    }
    /// The case's policy stamped 2–5 days: its first call falls due on day 2, not the tenant's day 3.
    @Test func theWindowsStampedByTheCasesPolicyDecide() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(
                    client,
                    at: F.Harness.start,
                    followUp: FollowUpSchedule(firstOpensAfterDays: 2, firstDueWithinDays: 5)
                )
                _ = try await Self.handedOver(client, caseID: caseID, at: F.Harness.start)
                let task = try #require(try await Self.tasks(client).first)
                #expect(task["opensAt"] as? String == "2026-03-12T02:00:00Z" && task["dueBy"] as? String == "2026-03-15T02:00:00Z")
            }
        }
    }
}
