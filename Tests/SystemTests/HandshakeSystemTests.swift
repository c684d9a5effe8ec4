import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The merchant handshake through the running Intake and Dispatch with the test clocks (rules.md §2(b),
/// §2(c), CM-27): a case with no merchant is routed by a dispatcher, acknowledged, inspected with a result
/// that differs from the report (a call-the-customer task), proposed, agreed by the front desk and shipped
/// back — Intake's status and timeline following each step; a silent merchant is chased at its deadline to
/// the second (not a second before), chased again, escalated, and the desk settles it; a merchant hands a
/// case back; the scorecard shows the hand-computed figures.
@Suite(.serialized) struct HandshakeSystemTests {
    static let admin = TestCaller.staff([.tenantAdmin], subject: "admin-a")
    static let dispatcher = TestCaller.staff([.dispatcherRunner], subject: "runner-1")
    static let frontDesk = TestCaller.staff([.csAgent], subject: "cs-1")
    static let desk = TestCaller.staff([.escalationOfficer], subject: "shangwu-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!

    static func merchant(_ platform: RunningPlatform, _ name: String, handling: String = "online") async throws -> String {
        let body: [String: Any] = [
            "name": name, "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"], "caseHandling": handling,
        ]
        return try #require(try await platform.call("dispatch", "CreateMerchant", body, as: admin).json["merchantId"] as? String)
    }

    static func register(_ platform: RunningPlatform, merchant: String?, order: String) async throws -> String {
        let body = IntakeRequests.createBody(["merchantId": merchant.map { $0 as Any } ?? NSNull()], order: order)
        let created = try await platform.call("intake", "CreateCase", body, as: .clerk(TestTenants.a))
        return try #require(created.json["caseId"] as? String, "\(created.json)")
    }

    static func intake(_ platform: RunningPlatform, _ caseID: String) async throws -> (status: String?, types: [String]) {
        let read = try await platform.call("intake", "GetCase", ["caseId": caseID], as: .clerk(TestTenants.a))
        let timeline = try await platform.call("intake", "GetCaseTimeline", ["caseId": caseID], as: .clerk(TestTenants.a))
        let types = (timeline.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        return (read.json["status"] as? String, types)
    }

    static func expectOK(_ answer: TestClient.Response, _ status: String, _ what: String) {
        #expect(answer.status == .ok && answer.json["status"] as? String == status, "\(what): \(answer.status.code) \(answer.json)")
    }

    @Test func aCaseIsRoutedHandledAgreedAndShippedBackAndASilentMerchantIsChasedAndEscalated() async throws {
        try await RunningPlatform.with(["intake", "dispatch"]) { platform in
            try await platform.clock.set(Self.start)
            let m1 = try await Self.merchant(platform, "华强电脑城三楼", handling: "carried")
            let m2 = try await Self.merchant(platform, "赛格数码")
            let asM1 = TestCaller.merchant(m1)
            try await platform.clock.drain()

            // Registered with no merchant (CM-06): the routing queue; a dispatcher assigns it.
            let c1 = try await Self.register(platform, merchant: nil, order: "HS-1")
            try await platform.clock.drain()
            let queue = try await platform.call("dispatch", "ListDispatchCases", ["status": "awaiting_routing"], as: Self.dispatcher)
            #expect((queue.json["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [c1], "\(queue.json)")
            try await platform.clock.advance(by: 600)
            Self.expectOK(
                try await platform.call("dispatch", "AssignCase", ["caseId": c1, "merchantId": m1], as: Self.dispatcher),
                "awaiting_dispatch",
                "assign"
            )
            try await platform.clock.drain()
            #expect(try await Self.intake(platform, c1).status == "recorded", "carried to its merchant: not dispatched until the run delivers it")

            // The morning run: today's intake goes out tomorrow. At 09:00 the next day the run carries it.
            let today: [String: Any] = ["runDate": "2026-12-01", "region": "华南", "runner": "小李"]
            let tooSoon = try await platform.call("dispatch", "BuildDispatchRun", today, as: Self.dispatcher)
            #expect(tooSoon.json["code"] as? String == "failed_precondition", "registered today, carried tomorrow: \(tooSoon.json)")
            try await platform.clock.set(RFC3339.date("2026-12-02T01:00:00Z")!)
            let tomorrow: [String: Any] = ["runDate": "2026-12-02", "region": "华南", "runner": "小李"]
            let run = try await platform.call("dispatch", "BuildDispatchRun", tomorrow, as: Self.dispatcher)
            let runID = try #require(run.json["runId"] as? String, "\(run.json)")
            let legs = run.json["items"] as? [[String: Any]] ?? []
            #expect(legs.count == 1 && legs.first?["caseId"] as? String == c1 && legs.first?["leg"] as? String == "to_merchant")
            #expect(legs.first?["dueAt"] as? String == "2026-12-02T16:00:00Z", "due by the end of the run day in Shanghai")
            #expect(
                try await platform.call("dispatch", "BuildDispatchRun", tomorrow, as: Self.dispatcher).json["code"] as? String == "already_exists"
            )
            let leg: [String: Any] = ["runId": runID, "caseId": c1, "leg": "to_merchant"]
            #expect(try await platform.call("dispatch", "RecordRunLeg", leg.merging(["status": "out"]) { $1 }, as: Self.dispatcher).status == .ok)
            try await platform.clock.advance(by: 3600)
            let delivered = try await platform.call("dispatch", "RecordRunLeg", leg.merging(["status": "delivered"]) { $1 }, as: Self.dispatcher)
            #expect((delivered.json["summary"] as? [String: Any])?["delivered"] as? Int == 1, "\(delivered.json)")
            let atMerchant = try await platform.call("dispatch", "GetDispatchCase", ["caseId": c1], as: Self.dispatcher)
            #expect(atMerchant.json["status"] as? String == "awaiting_acknowledgement")
            #expect(atMerchant.json["respondBy"] as? String == "2026-12-04T02:00:00Z", "the clock starts at delivery: 48 h from 02:00")
            let sheet = try await platform.call("dispatch", "GetRunSheet", ["runId": runID], as: Self.dispatcher)
            let csv = try #require(sheet.json["csv"] as? String)
            // The byte-order mark as sent (JSONSerialization drops it on reading).
            let raw = String(decoding: Data(try #require(sheet.body).readableBytesView), as: UTF8.self)
            #expect(raw.contains("\"csv\":\"\u{FEFF}case_id,merchant_id,"), "a spreadsheet opens it as UTF-8")
            #expect(csv.contains("\(c1),\(m1),华强电脑城三楼,to_merchant,delivered,"), "\(csv)")
            try await platform.clock.drain()
            #expect(try await Self.intake(platform, c1).status == "dispatched_to_merchant")
            #expect(try await platform.call("intake", "GetCase", ["caseId": c1], as: asM1).status == .ok, "the merchant reads it at Intake")

            // The merchant's inbox, acknowledgement (2 h after assignment), inspection differing from the report.
            let inbox = try await platform.call("dispatch", "ListDispatchCases", [:], as: asM1)
            #expect((inbox.json["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [c1])
            try await platform.clock.advance(by: 7200)
            Self.expectOK(try await platform.call("dispatch", "AcknowledgeCase", ["caseId": c1], as: asM1), "acknowledged", "acknowledge")
            let inspection: [String: Any] = [
                "caseId": c1, "outcome": "differs_from_report", "findings": "屏幕正常，仅驱动问题", "establishedFacts": ["software_issue"],
            ]
            Self.expectOK(try await platform.call("dispatch", "RecordInspection", inspection, as: asM1), "customer_consultation", "inspect")
            let early = try await platform.call("dispatch", "ProposeResolution", ["caseId": c1, "resolution": "replace_new"], as: asM1)
            #expect(
                early.json["code"] as? String == "failed_precondition"
                    && (early.json["message"] as? String)?.contains("customer_consultation") == true
            )
            let tasks = try await platform.call("dispatch", "ListDispatcherTasks", [:], as: Self.dispatcher)
            let call = try #require(
                (tasks.json["tasks"] as? [[String: Any]])?.first { $0["kind"] as? String == "call_customer" && $0["caseId"] as? String == c1 }
            )
            let done = try await platform.call(
                "dispatch",
                "CompleteDispatcherTask",
                ["taskId": call["taskId"]!, "outcome": "已电话告知客户，同意换新"],
                as: Self.dispatcher
            )
            #expect(done.json["doneAt"] != nil, "\(done.json)")
            try await platform.clock.drain()
            #expect(try await Self.intake(platform, c1).status == "at_merchant")

            // A proposal other than what was asked waits for the front desk, who accepts it.
            Self.expectOK(
                try await platform.call("dispatch", "ProposeResolution", ["caseId": c1, "resolution": "replace_new"], as: asM1),
                "resolution_proposed",
                "propose"
            )
            let agreed = try await platform.call("dispatch", "AnswerProposal", ["caseId": c1, "accept": true], as: Self.frontDesk)
            Self.expectOK(agreed, "resolution_agreed", "answer")
            #expect((agreed.json["agreement"] as? [String: Any])?["carriedOutBy"] as? String == "merchant")
            try await platform.clock.drain()
            #expect(try await Self.intake(platform, c1).status == "in_resolution")
            let handoff = try await platform.databases["dispatch"]!.rows(
                "SELECT (envelope->'data'->>'carriedOutBy') || ' ' || (envelope->'data'->'judgement'->>'policyId') FROM outbox_events WHERE type = 'dispatch.resolution_agreed' AND subject_id = '\(c1)'"
            )
            #expect(handoff == ["merchant laptop_shop"], "the agreement carries who does it and the stamped rules: \(handoff)")
            let shipped = try await platform.call(
                "dispatch",
                "ShipItemBack",
                ["caseId": c1, "method": "shipped", "trackingNumber": "SF1234567890", "carrier": "顺丰"],
                as: asM1
            )
            Self.expectOK(shipped, "shipped_back", "ship back")
            try await platform.clock.drain()
            let followed = try await Self.intake(platform, c1)
            #expect(followed.status == "in_resolution")
            #expect(
                followed.types == [
                    "case.registered", "dispatch.case_queued", "dispatch.case_acknowledged", "dispatch.inspection_recorded",
                    "dispatch.resolution_proposed", "dispatch.resolution_agreed", "dispatch.item_shipped_back",
                ],
                "\(followed.types)"
            )

            // A silent merchant: nothing a second before the 48 h, the chase at the instant, again 24 h later,
            // then the escalation desk.
            let c2 = try await Self.register(platform, merchant: m2, order: "HS-2")
            try await platform.clock.drain()
            try await platform.clock.advance(by: 48 * 3600 - 1)
            #expect(try await platform.clock.drain().timersFired == 0, "a second before the deadline: nothing")
            try await platform.clock.advance(by: 1)
            try await platform.clock.drain()  // the drain fires it, or the background worker did a moment before
            let fired = try await platform.databases["dispatch"]!.rows(
                "SELECT extract(epoch FROM t.fired_at - c.queued_at)::bigint::text FROM timers t JOIN dispatch_cases c ON c.case_id::text = t.subject_id WHERE t.subject_id = '\(c2)' AND t.status = 'fired'"
            )
            #expect(fired == ["172800"], "the chase fired at the deadline to the second: \(fired)")
            #expect(try await Self.intake(platform, c2).status == "merchant_response_overdue")
            let chases = try await platform.call("dispatch", "ListDispatcherTasks", ["kind": "chase_merchant"], as: Self.dispatcher)
            #expect((chases.json["tasks"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [c2])
            try await platform.clock.advance(by: 24 * 3600)
            try await platform.clock.drain()
            let second = try await platform.call("dispatch", "GetDispatchCase", ["caseId": c2], as: Self.dispatcher)
            #expect(second.json["chaseCount"] as? Int == 2 && second.json["escalated"] as? Bool == false, "\(second.json)")
            try await platform.clock.advance(by: 24 * 3600)
            try await platform.clock.drain()
            let escalated = try await Self.intake(platform, c2)
            #expect(escalated.status == "escalated")
            #expect(
                escalated.types.filter { $0 == "dispatch.case_chased" }.count == 2 && escalated.types.last == "dispatch.case_escalated",
                "\(escalated.types)"
            )
            let open = try await platform.call("dispatch", "ListEscalations", ["status": "open"], as: Self.desk)
            let escalation = try #require((open.json["escalations"] as? [[String: Any]])?.first, "\(open.json)")
            #expect(
                escalation["caseId"] as? String == c2 && escalation["trigger"] as? String == "chased_out" && escalation["overdue"] as? Bool == false
            )
            let escalationID = try #require(escalation["escalationId"] as? String)
            let contact: [String: Any] = ["escalationId": escalationID, "party": "merchant", "channel": "phone", "note": "商家承诺补偿"]
            #expect(try await platform.call("dispatch", "RecordEscalationContact", contact, as: Self.desk).status == .ok)
            try await platform.clock.advance(by: 24 * 3600)
            try await platform.clock.drain()
            let late = try await platform.call("dispatch", "ListEscalations", ["status": "open"], as: Self.desk)
            #expect(((late.json["escalations"] as? [[String: Any]])?.first?["overdue"] as? Bool) == true, "past its SLA")
            let close: [String: Any] = ["escalationId": escalationID, "outcome": "resolution_agreed", "resolution": "compensation", "note": "补偿50元"]
            let closed = try await platform.call("dispatch", "CloseEscalation", close, as: Self.desk)
            #expect(closed.json["status"] as? String == "closed" && (closed.json["contacts"] as? [[String: Any]])?.count == 1, "\(closed.json)")
            try await platform.clock.drain()
            #expect(try await Self.intake(platform, c2).status == "in_resolution")

            // The scorecard from the steps above: m1 acknowledged 2 h after the delivery that started its clock
            // and agreed at the same instant; m2 never acknowledged, was overdue, chased twice and escalated.
            let card = try await platform.call(
                "dispatch",
                "GetMerchantScorecard",
                ["from": "2026-12-01T00:00:00Z", "to": "2026-12-31T00:00:00Z"],
                as: Self.admin
            )
            let cards = Dictionary(uniqueKeysWithValues: (card.json["merchants"] as? [[String: Any]] ?? []).map { ($0["merchantId"] as! String, $0) })
            let one = try #require(cards[m1], "\(card.json)")
            #expect(one["casesQueued"] as? Int == 1 && one["acknowledged"] as? Int == 1 && one["overdue"] as? Int == 0)
            #expect((one["acknowledgementSeconds"] as? [String: Any])?["p50"] as? Int == 7200)
            #expect((one["resolutionSeconds"] as? [String: Any])?["p90"] as? Int == 7200)
            let two = try #require(cards[m2])
            #expect(two["overdue"] as? Int == 1 && two["chases"] as? Int == 2 && two["escalated"] as? Int == 1 && two["acknowledged"] as? Int == 0)
            #expect((two["outcomes"] as? [[String: Any]])?.first?["resolution"] as? String == "compensation")
            #expect((two["acknowledgementSeconds"] as? [String: Any])?["p50"] == nil)

            // m1 declines a new case: back to routing, with no merchant reading it at Intake.
            let c3 = try await Self.register(platform, merchant: m1, order: "HS-3")
            try await platform.clock.drain()
            let handed = try await platform.call("dispatch", "HandBackCase", ["caseId": c3, "reason": "本店不经营该品牌"], as: asM1)
            Self.expectOK(handed, "awaiting_routing", "hand back")
            #expect(handed.json["routingReason"] as? String == "merchant_declined")
            try await platform.clock.drain()
            #expect(try await platform.call("intake", "GetCase", ["caseId": c3], as: asM1).json["code"] as? String == "not_found")
            #expect(try await Self.intake(platform, c3).types.last == "dispatch.case_handed_back")
            Self.expectOK(
                try await platform.call("dispatch", "AssignCase", ["caseId": c3, "merchantId": m2], as: Self.dispatcher),
                "awaiting_acknowledgement",
                "reassign"
            )
            let history = try await platform.databases["dispatch"]!.rows(
                "SELECT merchant_id::text || ' ' || coalesce(end_reason, 'current') FROM case_assignments WHERE case_id = '\(c3)' ORDER BY id"
            )
            #expect(history == ["\(m1) merchant_declined", "\(m2) current"], "reassignment keeps the history")

            // The customer reports the item dead on arrival (E10, CM-26): at the desk at once, due the same day
            // (T-39) — the end of the day in Shanghai.
            let now = try await platform.clock.now(of: "dispatch")
            let shanghai = BusinessCalendar(timeZoneIdentifier: "Asia/Shanghai")
            let endOfDay = shanghai.startOfDay(shanghai.localDate(of: now).adding(days: 1))
            let doa = try await platform.call(
                "dispatch",
                "EscalateCase",
                ["caseId": c3, "reason": "开箱即无法开机", "deadOnArrival": true],
                as: Self.frontDesk
            )
            #expect(
                doa.json["trigger"] as? String == "dead_on_arrival" && doa.json["dueAt"] as? String == RFC3339.string(endOfDay, milliseconds: false),
                "\(doa.json)"
            )

            // Cancelled while at the desk: the escalation closes as withdrawn, its SLA timer with it.
            #expect(try await platform.call("intake", "CancelCase", ["caseId": c3, "reason": "顾客已退货"], as: .clerk(TestTenants.a)).status == .ok)
            try await platform.clock.drain()
            let closedDOA = try await platform.call("dispatch", "ListEscalations", ["status": "closed"], as: Self.desk)
            let withdrawnDOA = (closedDOA.json["escalations"] as? [[String: Any]])?.first { $0["caseId"] as? String == c3 }
            #expect(withdrawnDOA?["outcome"] as? String == "withdrawn", "\(closedDOA.json)")
            let escalationTimers = try await platform.databases["dispatch"]!.rows(
                "SELECT count(*)::text FROM timers WHERE subject_id = '\(withdrawnDOA?["escalationId"] as? String ?? "")' AND status = 'pending'"
            )
            #expect(escalationTimers == ["0"])

            // Reassigned to a merchant served by the run: the merchant it leaves stops reading it at once.
            let c4 = try await Self.register(platform, merchant: m2, order: "HS-4")
            try await platform.clock.drain()
            #expect(try await platform.call("intake", "GetCase", ["caseId": c4], as: TestCaller.merchant(m2)).status == .ok)
            let moved = try await platform.call("dispatch", "AssignCase", ["caseId": c4, "merchantId": m1], as: Self.dispatcher)
            Self.expectOK(moved, "awaiting_dispatch", "reassign to m1")
            try await platform.clock.drain()
            #expect(try await platform.call("intake", "GetCase", ["caseId": c4], as: TestCaller.merchant(m2)).json["code"] as? String == "not_found")
        }
    }
}
