import Foundation
import Models
import Testing

/// Customer care's pure rules (rules.md §2(g), §2(h), §5 T-28, T-29, T-30, T-35): templates and their
/// variables, quiet hours, the follow-up windows and the complaint timers, each at its exact boundary.
@Suite struct CustomerCareRuleTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static func at(_ text: String) -> Date { RFC3339.date(text)! }

    @Test func aTemplateUsingAVariableItsNoticeDoesNotHaveIsRefusedOnItsField() throws {
        let refused = MessageTemplate.checked(.pickupNotice, .zh, body: "{{customerName}}您好，快递单号{{trackingNumber}}", field: "body")
        guard case .failure(let error) = refused else {
            Issue.record("accepted an unknown variable")
            return
        }
        #expect(error.code == .invalidArgument)
        #expect(error.details.map(\.field) == ["body"])
        #expect(error.details.first?.reason.contains("{{trackingNumber}}") == true)
        #expect(error.details.first?.reason.contains("readyAt") == true, "the reason lists what the notice has")
        // A variable of another notice is unknown here too.
        if case .success = MessageTemplate.checked(.pickupNotice, .en, body: "Refund {{amount}}") { Issue.record("amount is not a pickup variable") }
    }

    @Test(arguments: ["", "   ", "{{customerName", "hello }} there", "{{}} hi", String(repeating: "字", count: 1_001)])
    func malformedBodiesAreRefused(_ body: String) {
        guard case .failure(let error) = MessageTemplate.checked(.refundPaid, .zh, body: body) else {
            Issue.record("accepted \(body.prefix(20))")
            return
        }
        #expect(error.details.map(\.field) == ["body"])
    }

    @Test func aTemplateIsFilledInWithItsValues() throws {
        let template = try MessageTemplate.checked(.refundPaid, .en, body: "Dear {{ customerName }}, {{amount}} refunded for {{orderNumber}}.").get()
        #expect(
            template.render(["customerName": "Ms Li", "amount": "CNY 129.00", "orderNumber": "PDD-1"]) == "Dear Ms Li, CNY 129.00 refunded for PDD-1."
        )
        #expect(template.render([:]) == "Dear ,  refunded for .", "a value not known is left empty")
    }

    @Test func everyStandardTemplateIsValidInBothLanguages() {
        for notice in CustomerNotice.allCases {
            for language in MessageLanguage.allCases {
                let template = MessageTemplate.standard(notice, language)
                #expect(template.notice == notice && template.language == language)
                #expect(template.render([:]) != template.body, "\(notice) \(language) uses its variables")
            }
        }
    }

    @Test func quietHoursPostponeToTheirEndAndNeverDrop() {
        let quiet = QuietHours.standard  // 21:00–08:00 local
        let zone = Self.shanghai
        // 20:59:59 local (12:59:59 UTC) goes at once; 21:00:00 waits for 08:00 the next morning.
        #expect(quiet.allowed(at: Self.at("2026-12-01T12:59:59Z"), timeZone: zone) == Self.at("2026-12-01T12:59:59Z"))
        #expect(quiet.allowed(at: Self.at("2026-12-01T13:00:00Z"), timeZone: zone) == Self.at("2026-12-02T00:00:00Z"))
        // 03:00 local waits for 08:00 the same morning; 07:59:59 too; 08:00:00 goes.
        #expect(quiet.allowed(at: Self.at("2026-12-01T19:00:00Z"), timeZone: zone) == Self.at("2026-12-02T00:00:00Z"))
        #expect(quiet.allowed(at: Self.at("2026-12-01T23:59:59Z"), timeZone: zone) == Self.at("2026-12-02T00:00:00Z"))
        #expect(quiet.allowed(at: Self.at("2026-12-02T00:00:00Z"), timeZone: zone) == Self.at("2026-12-02T00:00:00Z"))
        // A midday rest that does not span midnight, and none at all.
        let noon = QuietHours(start: "12:00", end: "14:00")
        #expect(noon.allowed(at: Self.at("2026-12-01T05:00:00Z"), timeZone: zone) == Self.at("2026-12-01T06:00:00Z"))
        #expect(noon.allowed(at: Self.at("2026-12-01T06:00:00Z"), timeZone: zone) == Self.at("2026-12-01T06:00:00Z"))
        #expect(
            QuietHours(start: "09:00", end: "09:00").allowed(at: Self.at("2026-12-01T01:00:00Z"), timeZone: zone) == Self.at("2026-12-01T01:00:00Z")
        )
        #expect(QuietHours(start: "9:00", end: "24:00").violations(path: "q").map(\.field) == ["q.start", "q.end"])
    }

    @Test func followUpWindowsCountWholeDaysFromTheHandoverAndTheFirstCall() {
        let handover = Self.at("2026-12-01T04:00:00Z")
        let first = FollowUpSchedule.standard.first(handedOverAt: handover)
        #expect(first.opensAt == Self.at("2026-12-04T04:00:00Z"))
        #expect(first.dueBy == Self.at("2026-12-08T04:00:00Z"))
        let second = FollowUpSchedule.standard.second(firstCallAt: Self.at("2026-12-05T02:30:00Z"))
        #expect(second.opensAt == Self.at("2026-12-12T02:30:00Z"))
        #expect(second.dueBy == Self.at("2026-12-19T02:30:00Z"))
        // The variant of [001§2 item 15] (2–7 days) is a setting.
        #expect(FollowUpSchedule(firstOpensAfterDays: 2).first(handedOverAt: handover).opensAt == Self.at("2026-12-03T04:00:00Z"))
        let bad = FollowUpSchedule(firstOpensAfterDays: 8, firstDueWithinDays: 7, secondOpensAfterDays: 61, secondDueWithinDays: 14)
        #expect(
            Set(bad.violations(path: "followUp").map(\.field)) == [
                "followUp.firstDueWithinDays", "followUp.secondOpensAfterDays", "followUp.secondDueWithinDays",
            ]
        )
    }

    @Test func aFirstResponseAt1h59m59sMeetsTheSlaAndOneAt2hDoesNot() {
        let received = Self.at("2026-12-01T02:00:00Z")
        #expect(ComplaintRules.firstResponseDue(receivedAt: received) == Self.at("2026-12-01T04:00:00Z"))
        #expect(ComplaintRules.meetsFirstResponse(receivedAt: received, respondedAt: Self.at("2026-12-01T03:59:59Z")))
        #expect(!ComplaintRules.meetsFirstResponse(receivedAt: received, respondedAt: Self.at("2026-12-01T04:00:00Z")))
        #expect(ComplaintRules.escalationDue(receivedAt: received) == Self.at("2026-12-03T02:00:00Z"), "escalation at exactly 2 days")
    }
    /// A policy may set its cases' follow-up windows (§8 item 1: the variants 2–7 days and ≤ 3 days); they are
    /// checked with the policy and stamped on each case's judgement, so a later change never moves them.
    @Test func aPolicysFollowUpWindowsAreCheckedAndStampedOnTheCase() throws {
        var policy = PolicyPresets.pinduoduo()
        #expect(policy.followUp == nil, "the presets leave them to the tenant's care settings")
        policy.followUp = FollowUpSchedule(firstOpensAfterDays: 0, firstDueWithinDays: 3)
        #expect(policy.validate().isEmpty)
        let sale = LocalDate(iso: "2026-03-05")!
        let facts = CaseFacts(
            pricePaid: .cny(129),
            line: OrderLine(category: "headphones"),
            dates: CaseDates(sale: sale, groupBuySuccess: sale, shipment: sale),
            flags: [.qualityIssue, .shipped]
        )
        let decision = PolicyEngine.evaluate(facts: facts, policy: policy, calendar: BusinessCalendar(), now: Self.at("2026-03-10T02:00:00Z"))
        #expect(decision.resolvedRules.followUp == FollowUpSchedule(firstOpensAfterDays: 0, firstDueWithinDays: 3))
        let decoded = try JSONDecoder().decode(PolicyDocument.self, from: try JSONEncoder().encode(policy))
        #expect(decoded.followUp == policy.followUp)
        policy.followUp = FollowUpSchedule(firstOpensAfterDays: 5, firstDueWithinDays: 3)
        #expect(policy.validate().map(\.field) == ["followUp.firstDueWithinDays"])
    }
}
