import Foundation
import Models
import Testing

/// The engine's known gaps (issue: tenants and their policy), each a table of cases at the boundary days —
/// last day in, first day out — in calendar and working days, across a month end and National Day with its
/// make-up days (`testCalendar`). Each row cites the rule it checks.
@Suite struct PolicyGapTests {
    static func evaluate(_ policy: PolicyDocument, _ facts: CaseFacts, on day: String, at now: Date? = nil) -> PolicyDecision {
        PolicyEngine.evaluate(facts: facts, policy: policy, calendar: testCalendar, now: now ?? noon(day))
    }

    static func codes(_ o: ResolutionOption, _ kind: ReasonKind) -> [String] {
        o.reasons.filter { $0.kind == kind }.compactMap(\.code)
    }

    // MARK: A closed window is reported as closed when a negotiation is offered (LG-04/T-08 + LG-19, DS-14, CM-05)

    struct WindowRow: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: PolicyDocument
        var facts: CaseFacts
        var resolution: Resolution
        var lastDayIn: String
        var firstDayOut: String
        var closedCites: String
        var negotiatedCites: String
        var testDescription: String { name }
    }

    static let leather = PolicyPresets.leatherGoods()
    static let store = PolicyPresets.departmentStore()
    static let mall = PolicyPresets.computerMall()
    static let taobao = PolicyPresets.taobao()

    static let windowRows: [WindowRow] = [
        // Signed Mon 09-28: working days 09-29, 09-30, (National Day off) 10-08, 10-09, Sat 10-10 (make-up), 10-12, 10-13.
        WindowRow(
            name: "LG-04 7 working days across National Day",
            policy: leather,
            facts: facts("handbag", signed: "2026-09-28", .accessoriesComplete, .packagingIntact),
            resolution: .returnAndRefund,
            lastDayIn: "2026-10-13",
            firstDayOut: "2026-10-14",
            closedCites: "T-08",
            negotiatedCites: "LG-19"
        ),
        // Sold Fri 01-30: 3 calendar days are 01-31, 02-01, 02-02 — across the month end.
        WindowRow(
            name: "DS-13 3 days across a month end, then DS-14",
            policy: store,
            facts: facts("clothing", sale: "2026-01-30", .hasThreeGuaranteesCard, .hasInvoice),
            resolution: .exchange,
            lastDayIn: "2026-02-02",
            firstDayOut: "2026-02-03",
            closedCites: "DS-13",
            negotiatedCites: "DS-14"
        ),
    ]

    @Test(arguments: windowRows) func aClosedWindowStaysReportedBesideANegotiation(_ row: WindowRow) {
        let inside = Self.evaluate(row.policy, row.facts, on: row.lastDayIn).option(row.resolution)
        #expect(inside.status == .eligible)
        #expect(inside.deadline?.description == row.lastDayIn)
        #expect(!inside.reasons.contains { $0.kind == .windowClosed })

        let outside = Self.evaluate(row.policy, row.facts, on: row.firstDayOut).option(row.resolution)
        #expect(outside.status == .negotiable)
        #expect(outside.citedRuleIds.contains(row.negotiatedCites))
        let closed = outside.reasons.filter { $0.kind == .windowClosed }
        #expect(closed.contains { $0.ruleIds.contains(row.closedCites) && $0.text.en.contains(row.lastDayIn) }, "\(outside.reasons)")
        #expect(closed.allSatisfy { $0.code == "period_expired" })
    }

    /// CM-05: a good-unit swap is negotiated only once the replacement period is over, and says it is.
    @Test func cm05TheGoodUnitSwapFollowsTheClosedReplacementWindow() {
        // Gigabyte board: 7-day replacement (CM-01) from the sale on 2026-01-27 → last day 02-03.
        let board = facts("motherboard", brand: "Gigabyte", sale: "2026-01-27", .hasWarrantyLabel, .qualityIssue)
        let inside = Self.evaluate(Self.mall, board, on: "2026-02-03")
        #expect(inside.option(.replaceNew).status == .eligible)
        #expect(inside.option(.goodUnitSwap).status == .notEligible)

        let outside = Self.evaluate(Self.mall, board, on: "2026-02-04")
        #expect(outside.option(.replaceNew).status == .notEligible)
        let swap = outside.option(.goodUnitSwap)
        #expect(swap.status == .negotiable)
        #expect(swap.reasons.contains { $0.kind == .windowClosed && $0.ruleIds.contains("CM-01") && $0.code == "period_expired" })
        #expect(outside.option(.repair).status == .eligible)
    }

    // MARK: Taobao 七天无理由 (TB-06, TB-14)

    @Test func tb06AGiftKeptIsDeductedNotARefusal() {
        // rules.md TB-06: 2000-yuan jacket, 300-yuan scarf kept → refund 1700, on the 7th day after signing.
        let jacket = facts("clothing", yuan: 2_000, signed: "2026-01-28", gift: 300, .giftNotReturned)
        let lastDay = Self.evaluate(Self.taobao, jacket, on: "2026-02-04").option(.returnAndRefund)
        #expect(lastDay.status == .eligible)
        #expect(lastDay.deadline?.description == "2026-02-04")
        #expect(lastDay.refundAmount == .cny(1_700))
        #expect(lastDay.citedRuleIds.isSuperset(of: ["TB-06"]))
        #expect(lastDay.shipping == ShippingResponsibility(outboundLeg: .seller, returnLeg: .customer))

        let dayAfter = Self.evaluate(Self.taobao, jacket, on: "2026-02-05").option(.returnAndRefund)
        #expect(dayAfter.status == .notEligible)
        #expect(Self.codes(dayAfter, .windowClosed) == ["period_expired"])
    }

    @Test func tb14RefusedDeliveryPresumesTheSevenDayEntitlement() {
        let refused = facts("clothing", yuan: 200, freight: 12, .refusedDelivery, .freeShipping)
        let o = Self.evaluate(Self.taobao, refused, on: "2026-03-01").option(.refundOnly)
        #expect(o.status == .eligible)
        #expect(o.refundAmount == .cny(188))
        var fresh = refused
        fresh.set(.specialGoods)
        let special = Self.evaluate(Self.taobao, fresh, on: "2026-03-01")
        #expect(special.option(.refundOnly).status == .notEligible)
        #expect(special.option(.refundOnly).reasons.contains { $0.code == "special_goods" })
        #expect(special.option(.returnAndRefund).reasons.contains { $0.code == "special_goods" })
    }

    // MARK: CM-08: a fee that is charged is a line of the decision

    @Test func cm08AChargedFeeTravelsWithTheDecision() {
        // Board return on day 7 after the sale (CM-07), packaging damaged → fee (CM-08, B-03).
        let board = facts("graphics_card", brand: "Gigabyte", sale: "2026-01-27", .hasWarrantyLabel, .qualityIssue, .accessoriesComplete)
        let decision = Self.evaluate(Self.mall, board, on: "2026-02-03")
        let o = decision.option(.returnAndRefund)
        #expect(o.status == .eligible)
        #expect(o.feeToBeQuoted)
        #expect(o.fees.contains { $0.fee == .toBeQuoted(ruleIds: ["CM-08", "B-03"]) && $0.amount == nil })
        #expect(decision.resolvedRules.fees.contains { $0.resolution == .returnAndRefund && $0.fee.ruleIds.contains("CM-08") })
        #expect(Self.codes(o, .fee).contains("incomplete_package"))
    }

    // MARK: Refusal codes: rules.md §4's codes, distinct for distinct facts

    @Test func refusalCodesNameTheFactThatRefused() {
        let laptop = PolicyPresets.laptopShop()
        let base = facts("laptop", sale: "2026-03-01", .hasInvoice, .hasWarrantyCard, .functionalFault, .accessoriesComplete, .packagingIntact)
        var card = base
        card.set(.warrantyCardActivated)
        var scratched = base
        scratched.set(.physicalDamage)
        let cardCodes = Set(Self.evaluate(laptop, card, on: "2026-03-05").option(.returnAndRefund).reasons.compactMap(\.code))
        let scratchCodes = Set(Self.evaluate(laptop, scratched, on: "2026-03-05").option(.returnAndRefund).reasons.compactMap(\.code))
        #expect(cardCodes.contains("warranty_card_activated"))
        #expect(scratchCodes.contains("physical_damage"))
        #expect(!scratchCodes.contains("warranty_card_activated"))

        // B-06 covers a missing 三包 card and a missing voucher: two codes.
        let noCard = facts("shoes_leather", sale: "2026-03-10", .hasInvoice, .soleBroken)
        let noVoucher = facts("shoes_leather", sale: "2026-03-10", .hasThreeGuaranteesCard, .soleBroken)
        #expect(Self.codes(Self.evaluate(Self.store, noCard, on: "2026-03-20").option(.exchange), .blocked) == ["no_warranty_card"])
        #expect(Self.codes(Self.evaluate(Self.store, noVoucher, on: "2026-03-20").option(.exchange), .blocked) == ["no_sales_voucher"])
    }

    // MARK: DS-08: counterfeit goods are referred to the authorities

    @Test func ds08TheReferralIsPartOfTheDecision() {
        let fake = facts("shoes_leather", yuan: 300, sale: "2026-03-10", .hasThreeGuaranteesCard, .hasInvoice, .counterfeit)
        let o = Self.evaluate(Self.store, fake, on: "2026-03-20").option(.returnAndRefund)
        #expect(o.status == .eligible)
        #expect(o.refundAmount == .cny(600))
        #expect(o.reasons.contains { $0.kind == .referral && $0.ruleIds == ["DS-08"] && $0.code == "referred_to_authorities" })
    }

    // MARK: Shipping: the designated carrier, and a refused return sent back at the customer's cost

    @Test func lg06QualityReturnsGoByTheDesignatedCarrier() {
        let bag = facts("handbag", signed: "2026-03-02", .qualityIssue, .accessoriesComplete, .packagingIntact)
        let o = Self.evaluate(Self.leather, bag, on: "2026-03-10").option(.returnAndRefund)
        #expect(o.shipping == ShippingResponsibility(outboundLeg: .seller, returnLeg: .seller, returnCarrier: .sellerDesignated))
    }

    @Test func lg12AnIncompleteReturnIsSentBackAtTheCustomersCost() {
        let bag = facts("handbag", signed: "2026-03-02", .accessoriesComplete)
        let decision = Self.evaluate(Self.leather, bag, on: "2026-03-05")
        let o = decision.option(.returnAndRefund)
        #expect(o.status == .notEligible)
        #expect(Self.codes(o, .blocked).contains("incomplete_package"))
        #expect(o.shipping == ShippingResponsibility(outboundLeg: .notApplicable, returnLeg: .customer, sendBackLeg: .customer))
        #expect(decision.resolvedRules.shipping.contains { $0.resolution == .returnAndRefund && $0.ruleIds.contains("LG-12") })
    }

    // MARK: Hours: LG-05's 48 h photo route and LG-09's 48 h to ship, from instants

    static func at(_ iso: String) -> Date { RFC3339.date(iso)! }

    @Test func lg05ThePhotoRouteClosesAfter48HoursFromTheSigningInstant() {
        var bag = facts("handbag", signed: "2026-03-02", .qualityIssue, .accessoriesComplete, .packagingIntact)
        bag.dates.signedForAt = Self.at("2026-03-02T10:00:00+08:00")
        let justIn = Self.evaluate(Self.leather, bag, on: "2026-03-04", at: Self.at("2026-03-04T10:00:00+08:00")).option(.returnAndRefund)
        #expect(!Self.codes(justIn, .warning).contains("photo_route_closed"))
        let justOut = Self.evaluate(Self.leather, bag, on: "2026-03-04", at: Self.at("2026-03-04T10:00:01+08:00")).option(.returnAndRefund)
        #expect(justOut.status == .eligible, "the store route stays open")
        #expect(Self.codes(justOut, .warning).contains("photo_route_closed"))
        // Known only by its date: counted from the end of that local day.
        bag.dates.signedForAt = nil
        let dateOnly = Self.evaluate(Self.leather, bag, on: "2026-03-04", at: Self.at("2026-03-04T23:59:59+08:00")).option(.returnAndRefund)
        #expect(!Self.codes(dateOnly, .warning).contains("photo_route_closed"))
        let dateOnlyOut = Self.evaluate(Self.leather, bag, on: "2026-03-05", at: Self.at("2026-03-05T00:00:01+08:00")).option(.returnAndRefund)
        #expect(Self.codes(dateOnlyOut, .warning).contains("photo_route_closed"))
    }

    @Test func lg09AReturnShippedMoreThan48HoursAfterConfirmationIsRefused() {
        var bag = facts("handbag", signed: "2026-03-02", .accessoriesComplete, .packagingIntact)
        bag.dates.returnConfirmedAt = Self.at("2026-03-03T09:00:00+08:00")
        bag.dates.returnShippedAt = Self.at("2026-03-05T09:00:00+08:00")
        let onTime = Self.evaluate(Self.leather, bag, on: "2026-03-06").option(.returnAndRefund)
        #expect(onTime.status == .eligible)
        bag.dates.returnShippedAt = Self.at("2026-03-05T09:00:01+08:00")
        let late = Self.evaluate(Self.leather, bag, on: "2026-03-06").option(.returnAndRefund)
        #expect(late.status == .notEligible)
        #expect(Self.codes(late, .blocked) == ["return_shipped_late"])
        // Not shipped yet: counted to now.
        bag.dates.returnShippedAt = nil
        #expect(Self.evaluate(Self.leather, bag, on: "2026-03-05", at: Self.at("2026-03-05T08:59:59+08:00")).option(.returnAndRefund).isEligible)
        #expect(!Self.evaluate(Self.leather, bag, on: "2026-03-05", at: Self.at("2026-03-05T09:00:01+08:00")).option(.returnAndRefund).isEligible)
    }

    // MARK: Measured thresholds: DS-03 / DS-04 C glue opening

    @Test(arguments: [(50, Resolution.repair, true, false), (51, Resolution.exchange, false, true)])
    func theGlueOpeningIsMeasuredNotFlagged(_ millimetres: Int, _ wanted: Resolution, repairs: Bool, exchanges: Bool) {
        var shoe = facts("shoes_leather", sale: "2026-03-10", .hasThreeGuaranteesCard, .hasInvoice, .qualityIssue)
        shoe.measurements[.glueGapMillimetres] = millimetres
        let decision = Self.evaluate(Self.store, shoe, on: "2026-03-20")
        #expect(decision.option(.repair).isEligible == repairs)
        #expect(decision.option(.exchange).isEligible == exchanges)
        #expect(decision.option(wanted).citedRuleIds.contains(wanted == .repair ? "DS-03" : "DS-04"))
    }

    @Test func measurementsAndInstantsRoundTripOnTheWire() throws {
        var f = facts("shoes_leather", sale: "2026-03-10")
        f.measurements[.glueGapMillimetres] = 51
        f.dates.signedForAt = Self.at("2026-03-02T02:00:00Z")
        let json = try JSONEncoder().encode(f)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"glue_gap_mm\":51"))
        #expect(text.contains("2026-03-02T02:00:00"))
        #expect(try JSONDecoder().decode(CaseFacts.self, from: json) == f)
        let bad = Data(
            #"{"pricePaid":{"currency":"CNY","amountMinor":100},"line":{"category":"x"},"measurements":{"glue_gap_cm":5}}"#.utf8
        )
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseFacts.self, from: bad) }
    }
}
