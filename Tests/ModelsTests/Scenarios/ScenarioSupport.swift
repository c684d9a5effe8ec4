import Foundation
import Models
import Testing

/// One expected outcome for one resolution, and the rule ids the row checks.
struct Expect: Sendable {
    var resolution: Resolution
    var status: OptionStatus
    var deadline: String?
    var refundMinor: Int64?
    var deductionMinor: Int64?
    var feeToBeQuoted: Bool?
    var handler: Handler?
    var shipping: ShippingResponsibility?
    var cites: [String]
}

/// A table row: a case evaluated under a preset on a request date, with the outcomes it asserts.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var policy: PolicyDocument
    var facts: CaseFacts
    var today: String
    var expects: [Expect]
    var testDescription: String { "\(policy.policyId): \(name)" }
}

/// The test calendar: Asia/Shanghai, National Day 2026-10-01…07 off, make-up working days Sunday
/// 2026-09-27 and Saturday 2026-10-10.
let testCalendar = BusinessCalendar(
    holidays: (1...7).map { LocalDate(year: 2026, month: 10, day: $0)! },
    makeUpWorkingDays: [LocalDate(year: 2026, month: 9, day: 27)!, LocalDate(year: 2026, month: 10, day: 10)!]
)

func d(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

/// Noon in Shanghai on the given local date (the request instant).
func noon(_ iso: String) -> Date {
    Date(timeIntervalSince1970: TimeInterval(d(iso).dayNumber * 86_400 + 4 * 3_600))
}

func e(
    _ r: Resolution,
    _ status: OptionStatus,
    deadline: String? = nil,
    refund: Int64? = nil,
    deduction: Int64? = nil,
    quoted: Bool? = nil,
    handler: Handler? = nil,
    ship: (ShippingPayer, ShippingPayer)? = nil,
    cites: String...
) -> Expect {
    Expect(
        resolution: r,
        status: status,
        deadline: deadline,
        refundMinor: refund,
        deductionMinor: deduction,
        feeToBeQuoted: quoted,
        handler: handler,
        shipping: ship.map { ShippingResponsibility(outboundLeg: $0.0, returnLeg: $0.1) },
        cites: cites
    )
}

func facts(
    _ category: String,
    brand: String = "",
    model: String? = nil,
    yuan: Int64 = 100,
    sale: String? = nil,
    delivery: String? = nil,
    signed: String? = nil,
    groupBuy: String? = nil,
    shipment: String? = nil,
    shipBy: String? = nil,
    repairSubmitted: String? = nil,
    lastRepair: String? = nil,
    repairs: Int = 0,
    paused: Int = 0,
    gift: Int64? = nil,
    freight: Int64? = nil,
    collect: Int64? = nil,
    replacement: Int64? = nil,
    _ flags: FactFlag...
) -> CaseFacts {
    CaseFacts(
        pricePaid: .cny(yuan),
        line: OrderLine(category: category, brand: brand, model: model),
        dates: CaseDates(
            sale: sale.map(d),
            delivery: delivery.map(d),
            signedFor: signed.map(d),
            groupBuySuccess: groupBuy.map(d),
            shipment: shipment.map(d),
            promisedShipBy: shipBy.map(d),
            repairSubmitted: repairSubmitted.map(d),
            lastRepairCompleted: lastRepair.map(d)
        ),
        flags: flags,
        repairsOfSameDefect: repairs,
        pausedDays: paused,
        giftValue: gift.map { .cny($0) },
        provenReturnFreight: freight.map { .cny($0) },
        collectFreightPaid: collect.map { .cny($0) },
        replacementPrice: replacement.map { .cny($0) }
    )
}

func s(_ name: String, _ policy: PolicyDocument, _ facts: CaseFacts, on today: String, _ expects: Expect...) -> Scenario {
    Scenario(name: name, policy: policy, facts: facts, today: today, expects: expects)
}

extension Scenario {
    func evaluate() -> PolicyDecision {
        PolicyEngine.evaluate(facts: facts, policy: policy, calendar: testCalendar, now: noon(today))
    }

    /// Asserts every expectation; returns the rule ids cited by the options whose outcome was asserted.
    @discardableResult
    func check(sourceLocation: SourceLocation = #_sourceLocation) -> Set<String> {
        let decision = evaluate()
        var cited = Set<String>()
        for x in expects {
            let o = decision.option(x.resolution)
            let context = "\(testDescription) [\(x.resolution.rawValue)] reasons: \(o.reasons.map { "\($0.ruleIds) \($0.text.en)" })"
            #expect(o.status == x.status, "\(context)", sourceLocation: sourceLocation)
            if let deadline = x.deadline { #expect(o.deadline?.description == deadline, "\(context)", sourceLocation: sourceLocation) }
            if let refund = x.refundMinor { #expect(o.refundAmount?.amountMinor == refund, "\(context)", sourceLocation: sourceLocation) }
            if let deduction = x.deductionMinor { #expect(o.deduction.amountMinor == deduction, "\(context)", sourceLocation: sourceLocation) }
            if let quoted = x.feeToBeQuoted { #expect(o.feeToBeQuoted == quoted, "\(context)", sourceLocation: sourceLocation) }
            if let handler = x.handler { #expect(o.handler == handler, "\(context)", sourceLocation: sourceLocation) }
            if let ship = x.shipping {
                // Legs only: the carrier and the send-back leg have their own tests (PolicyGapTests).
                #expect(
                    o.shipping.map { [$0.outboundLeg, $0.returnLeg] } == [ship.outboundLeg, ship.returnLeg],
                    "\(context)",
                    sourceLocation: sourceLocation
                )
            }
            for id in x.cites {
                #expect(o.citedRuleIds.contains(id), "\(context) should cite \(id)", sourceLocation: sourceLocation)
            }
            if o.status == x.status { cited.formUnion(o.citedRuleIds) }
        }
        return cited
    }
}

enum AllScenarios {
    static var all: [Scenario] {
        PlatformScenarios.pinduoduo + PlatformScenarios.taobao + PlatformScenarios.snackAndClothing
            + ShopScenarios.leather + ShopScenarios.laptop + ShopScenarios.smartHome
            + MallScenarios.all + ThreeGuaranteesScenarios.departmentStore + ThreeGuaranteesScenarios.furniture
    }
}
