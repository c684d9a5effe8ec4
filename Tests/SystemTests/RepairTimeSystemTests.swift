import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Repairs in time across the running Intake, Dispatch and Repairs with the test clocks (rules.md §3.5, §3.6,
/// §5 T-15, T-19, T-20): the days a sofa spends in repair move its 三包 windows at Intake, a Pinduoduo case's
/// do not move; a furniture repair past 30 days makes a free exchange due at its exact instant; a shoe's
/// second repair of the same fault makes the exchange of DS-04 D due, and its week-long repair alerts the
/// supervisor at its exact instant.
@Suite(.serialized) struct RepairTimeSystemTests {
    static let services = ["intake", "dispatch", "repairs"]
    static let operator_ = TestCaller(tenant: nil, roles: [.platformOperator], merchant: nil, subject: "ops-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!  // 10:00 on 1 December in Shanghai

    static func provision(_ platform: RunningPlatform, preset: String) async throws -> TenantID {
        let tenant = TenantID(UUID().uuidString.lowercased())!
        let body: [String: Any] = ["tenantId": tenant.description, "preset": preset, "settings": ["name": preset]]
        let answer = try await platform.call("intake", "CreateTenant", body, as: operator_)
        #expect(answer.status == .ok, "\(answer.json)")
        return tenant
    }

    static func register(_ platform: RunningPlatform, _ tenant: TenantID, _ fields: [String: Any], order: String) async throws -> String {
        let body = IntakeRequests.createBody(fields.merging(["merchantId": NSNull()]) { $1 }, order: order)
        return try #require(try await platform.ok("intake", "CreateCase", body, as: .clerk(tenant))["caseId"] as? String)
    }

    static func judgement(_ platform: RunningPlatform, _ tenant: TenantID, _ caseID: String) async throws -> [String: Any] {
        try await platform.ok("intake", "GetCase", ["caseId": caseID], as: .clerk(tenant))["judgement"] as? [String: Any] ?? [:]
    }

    static func closings(_ judgement: [String: Any]) -> [String] {
        let rules = judgement["resolvedRules"] as? [String: Any] ?? [:]
        return (rules["windows"] as? [[String: Any]] ?? []).compactMap { $0["closesOn"] as? String }.sorted()
    }

    /// A repair order for the case at the tenant's own workshop, checked in now and quoted with `fault`.
    static func openRepair(_ platform: RunningPlatform, _ tenant: TenantID, _ caseID: String, fault: String) async throws -> String {
        let technician = TestCaller.staff([.technician], of: tenant, subject: "tech-1")
        let body: [String: Any] = ["caseId": caseID, "device": ["productName": "维修件"], "reportedFault": "故障", "category": "general"]
        let order = try #require(try await platform.ok("repairs", "CreateRepairOrder", body, as: technician)["repairOrderId"] as? String)
        let checkIn: [String: Any] = ["repairOrderId": order, "exteriorCondition": "完好", "customerSignatureRef": "sig", "matchesEvidence": true]
        _ = try await platform.ok("repairs", "CheckInRepairOrder", checkIn, as: technician)
        let quote: [String: Any] = [
            "repairOrderId": order, "method": "system", "workMinutes": 120, "faultCode": fault,
            "lines": [["description": "维修", "kind": "package", "price": ["currency": "CNY", "amountMinor": 8_000]]],
        ]
        _ = try await platform.ok("repairs", "QuoteRepair", quote, as: technician)
        return order
    }

    /// The quote accepted, the work done after `days` days, checked, settled and handed back.
    static func finish(_ platform: RunningPlatform, _ tenant: TenantID, _ order: String, after days: Int, replacement: String? = nil) async throws {
        let desk = TestCaller.staff([.csAgent], of: tenant, subject: "cs-1")
        _ = try await platform.ok("repairs", "AcceptQuote", ["repairOrderId": order, "customerSignatureRef": "sig"], as: desk)
        try await platform.clock.advance(by: days * 86_400)
        _ = try await platform.clock.drain()
        try await handBack(platform, tenant, order, replacement: replacement)
    }

    /// The accepted order's work done now, checked, settled and handed back (with a replacement: an exchange).
    static func handBack(_ platform: RunningPlatform, _ tenant: TenantID, _ order: String, replacement: String? = nil) async throws {
        let technician = TestCaller.staff([.technician], of: tenant, subject: "tech-1")
        let desk = TestCaller.staff([.csAgent], of: tenant, subject: "cs-1")
        _ = try await platform.ok("repairs", "FinishRepair", ["repairOrderId": order, "workDone": "已修复"], as: technician)
        let items = try #require(try await platform.ok("repairs", "GetQcChecklist", ["category": "general"], as: technician)["items"] as? [String])
        let qc: [String: Any] = ["repairOrderId": order, "results": items.map { ["item": $0, "passed": true] }]
        _ = try await platform.ok("repairs", "RecordQualityCheck", qc, as: technician)
        _ = try await platform.ok("repairs", "SettleRepairOrder", ["repairOrderId": order], as: desk)
        var handover: [String: Any] = ["repairOrderId": order, "method": "collected", "customerConfirmationRef": "sig-out"]
        handover["replacementSerialNumber"] = replacement
        _ = try await platform.ok("repairs", "HandOverRepairOrder", handover, as: desk)
        _ = try await platform.clock.drain()
    }

    static func expiries(_ platform: RunningPlatform) async throws -> [String] {
        try await platform.databases["repairs"]!.rows(
            """
            SELECT (envelope->'data'->>'onExpiry') || ' ' || (envelope->'data'->>'dueAt') FROM outbox_events
            WHERE type = 'repairs.repair_timer_expired' ORDER BY occurred_at, id
            """
        )
    }

    @Test func tenDaysInRepairMoveAFurnitureCasesWindowsAndNotAPinduoduoCases() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let furniture = try await Self.provision(platform, preset: "furniture")
            let pdd = try await Self.provision(platform, preset: "pinduoduo_platform")
            _ = try await platform.clock.drain()
            let sofa = try await Self.register(
                platform,
                furniture,
                [
                    "productName": "布艺沙发", "productModel": "S-300", "productCategory": "sofa", "purchaseDate": "2026-11-20",
                    "deliveryDate": "2026-11-25", "reason": "扶手框架松动", "requestedResolution": "repair",
                    "flags": ["serious_defect"], "itemCondition": ["receiptPresent": true, "threeGuaranteesCardPresent": true],
                ],
                order: "JJ-1125-1"
            )
            let earphones = try await Self.register(
                platform,
                pdd,
                [
                    "productName": "蓝牙耳机", "productModel": "T10", "productCategory": "headphones", "purchaseDate": "2026-11-24",
                    "shippedDate": "2026-11-25", "reason": "左耳无声", "requestedResolution": "return_and_refund",
                ],
                order: "PDD-1124-1"
            )
            _ = try await platform.clock.drain()
            let sofaBefore = try await Self.judgement(platform, furniture, sofa)
            // Delivered 25 November: the 30- and 60-day 三包 windows close on 25 December and 24 January.
            // (the exchange's and the repair's both close on the 60th day.)
            #expect(Self.closings(sofaBefore) == ["2026-12-25", "2027-01-24", "2027-01-24"], "\(sofaBefore)")
            let earphonesBefore = try await Self.judgement(platform, pdd, earphones)
            #expect(!Self.closings(earphonesBefore).isEmpty)

            // Each item is received on 1 December and handed back on 11 December: ten days away.
            let sofaRepair = try await Self.openRepair(platform, furniture, sofa, fault: "frame_joint_loose")
            let earphonesRepair = try await Self.openRepair(platform, pdd, earphones, fault: "left_channel_dead")
            let accept = ["repairOrderId": earphonesRepair, "customerSignatureRef": "sig"]
            _ = try await platform.ok("repairs", "AcceptQuote", accept, as: TestCaller.staff([.csAgent], of: pdd, subject: "cs-1"))
            try await Self.finish(platform, furniture, sofaRepair, after: 10)
            try await Self.handBack(platform, pdd, earphonesRepair)

            // FN-01, T-19: the furniture windows close ten days later; the Pinduoduo case's are as they were.
            let sofaAfter = try await Self.judgement(platform, furniture, sofa)
            #expect(Self.closings(sofaAfter) == ["2027-01-04", "2027-02-03", "2027-02-03"], "\(sofaAfter)")
            #expect(Self.closings(try await Self.judgement(platform, pdd, earphones)) == Self.closings(earphonesBefore))
            let revisions = try await platform.databases["intake"]!.rows(
                "SELECT subject_id || ' ' || (envelope->'data'->'judgement'->>'policyId') FROM outbox_events WHERE type = 'case.decision_revised'"
            )
            #expect(revisions == ["\(sofa) furniture"], "only the furniture case is revised: \(revisions)")
            let record = try await platform.databases["intake"]!.rows(
                "SELECT record->>'daysAway' FROM case_repair_records WHERE case_id = '\(sofa)'"
            )
            #expect(record == ["10"])

            // FN-09: the frame fails again and the sofa is exchanged, handed over on 11 December: the 三包 period runs
            // again from that day — 30 and 60 days from it — and the old sofa's days away no longer count.
            let exchange = try await Self.openRepair(platform, furniture, sofa, fault: "frame_joint_loose")
            try await Self.finish(platform, furniture, exchange, after: 0, replacement: "S-300-NEW-01")
            let restarted = try await Self.judgement(platform, furniture, sofa)
            #expect(Self.closings(restarted) == ["2027-01-10", "2027-02-09", "2027-02-09"], "\(restarted)")
        }
    }

    @Test func aFurnitureRepairPastThirtyDaysMakesAFreeExchangeDueAtItsInstant() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let furniture = try await Self.provision(platform, preset: "furniture")
            _ = try await platform.clock.drain()
            // Delivered on 12 October with a serious defect: an exchange is granted until 11 December (FN-04), and the
            // seller offers to repair it at home instead — registered on 1 December, never carried out.
            let table = try await Self.register(
                platform,
                furniture,
                [
                    "productName": "实木餐桌", "productModel": "T-8", "productCategory": "table", "purchaseDate": "2026-10-08",
                    "deliveryDate": "2026-10-12", "reason": "桌腿开裂", "requestedResolution": "exchange",
                    "flags": ["serious_defect"], "itemCondition": ["receiptPresent": true, "threeGuaranteesCardPresent": true],
                ],
                order: "JJ-1012-7"
            )
            _ = try await platform.clock.drain()
            let before = try await Self.judgement(platform, furniture, table)
            #expect(before["status"] as? String == "eligible" && before["deadline"] as? String == "2026-12-11", "\(before)")
            let technician = TestCaller.staff([.technician], of: furniture, subject: "tech-1")
            let body: [String: Any] = ["caseId": table, "device": ["productName": "实木餐桌"], "reportedFault": "桌腿开裂", "category": "general"]
            _ = try await platform.ok("repairs", "CreateRepairOrder", body, as: technician)
            _ = try await platform.clock.drain()

            // Submitted on 1 December: more than 30 days is from 00:00 on 1 January in Shanghai (16:00 UTC on 31 December).
            let expiry = RFC3339.date("2026-12-31T16:00:00Z")!
            try await platform.clock.advance(by: Int(expiry.timeIntervalSince(Self.start)) - 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.expiries(platform).isEmpty, "a second before: nothing")
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.expiries(platform) == ["free_exchange_due \(RFC3339.string(expiry))"])

            // Intake follows it: the customer sees the exchange due, and the exchange now stands on FN-06 — free, with no
            // deadline — though FN-04's window closed on 11 December.
            let revised = try await Self.judgement(platform, furniture, table)
            #expect(revised["status"] as? String == "eligible" && revised["deadline"] == nil, "\(revised)")
            let cited = Set((revised["reasons"] as? [[String: Any]] ?? []).flatMap { $0["ruleIds"] as? [String] ?? [] })
            #expect(cited.isSuperset(of: ["FN-06", "T-20"]), "\(cited)")
            let timeline = try await platform.databases["intake"]!.rows(
                "SELECT type FROM case_timeline WHERE case_id = '\(table)' AND visibility = 'customer' ORDER BY occurred_at, event_id"
            )
            #expect(timeline.contains("repairs.repair_timer_expired") && timeline.last == "case.decision_revised", "\(timeline)")
        }
    }

    @Test func aShoesSecondRepairOfTheSameFaultMakesTheExchangeDueAndAWeekAlertsTheSupervisor() async throws {
        try await RunningPlatform.with(Self.services) { platform in
            try await platform.clock.set(Self.start)
            let store = try await Self.provision(platform, preset: "department_store")
            _ = try await platform.clock.drain()
            let shoes: [String: Any] = [
                "productName": "男士皮鞋", "productModel": "M-42", "productCategory": "shoes_leather", "purchaseDate": "2026-11-10",
                "pricePaid": ["currency": "CNY", "amountMinor": 18_000], "reason": "鞋底开胶", "issueKind": "quality_issue",
                "flags": ["repairable_defect"],
                "itemCondition": ["receiptPresent": true, "threeGuaranteesCardPresent": true],
            ]
            // The first repair of the sole, done the same day and handed back: the case is resolved.
            let first = try await Self.register(platform, store, shoes.merging(["requestedResolution": "repair"]) { $1 }, order: "BH-1110-3")
            _ = try await platform.clock.drain()
            let firstRepair = try await Self.openRepair(platform, store, first, fault: "sole_detached")
            try await Self.finish(platform, store, firstRepair, after: 0)
            let resolved = try await platform.ok("intake", "GetCase", ["caseId": first], as: .clerk(store))
            #expect(resolved["status"] as? String == "resolved")

            // The same fault again, a new claim asking for an exchange: refused — until the repair desk diagnoses it.
            let second = try await Self.register(platform, store, shoes.merging(["requestedResolution": "exchange"]) { $1 }, order: "BH-1110-3")
            _ = try await platform.clock.drain()
            #expect(try await Self.judgement(platform, store, second)["status"] as? String == "not_eligible")
            let checkedIn = try await platform.clock.now(of: "repairs")
            _ = try await Self.openRepair(platform, store, second, fault: "sole_detached")
            _ = try await platform.clock.drain()
            let revised = try await Self.judgement(platform, store, second)
            #expect(revised["status"] as? String == "eligible", "DS-04 D: the second repair of one quality problem: \(revised)")
            #expect(
                try await platform.databases["intake"]!.rows(
                    "SELECT record->>'sameFaultRepairs' FROM case_repair_records WHERE case_id = '\(second)'"
                )
                    == ["1"]
            )

            // T-15: received on 1 December, not repaired within the week — at 00:00 on 9 December the supervisor is alerted.
            let week = RFC3339.date("2026-12-08T16:00:00Z")!
            try await platform.clock.advance(by: Int(week.timeIntervalSince(checkedIn)) - 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.expiries(platform).isEmpty)
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            #expect(try await Self.expiries(platform) == ["alert_supervisor \(RFC3339.string(week))"])
            let internalSteps = try await platform.databases["intake"]!.rows(
                "SELECT type FROM case_timeline WHERE case_id = '\(second)' AND visibility = 'internal' AND type = 'repairs.repair_timer_expired'"
            )
            #expect(internalSteps.count == 1)
        }
    }
}
