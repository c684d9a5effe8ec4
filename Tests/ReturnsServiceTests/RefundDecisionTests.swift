import Foundation
import Models
import ReturnsService
import Testing

/// What a request may be filed for and what a decided refund pays, without I/O (rules.md §3.1 PDD-01…05,
/// B-26, T-06, §3.5; DS-08).
@Suite struct RefundDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)  // 10:00 on 10 March 2026 in Shanghai
    static let caseID = UUID()
    static let merchant = UUID()

    static func application(_ type: ReturnType, yuan: Int64 = 129) -> ReturnApplication {
        ReturnApplication(caseID: caseID, merchantID: merchant, type: type, amount: .cny(yuan), reason: "左耳无声")
    }

    static func known(_ judgement: CaseJudgement?, merchant: UUID? = merchant) -> KnownCase {
        KnownCase(caseID: caseID, merchantID: merchant, pricePaid: .cny(129), judgement: judgement, cancelled: false)
    }

    /// A Pinduoduo-style judgement of a ¥129 item bought on `sale`, shipped or not.
    static func pinduoduo(_ requested: Resolution, sale: String = "2026-03-05", shipped: Bool = true, special: Bool = false) -> CaseJudgement {
        var flags: Set<FactFlag> = [.qualityIssue]
        if shipped { flags.insert(.shipped) }
        if special { flags.insert(.specialGoods) }
        let date = LocalDate(iso: sale)!
        let facts = CaseFacts(
            pricePaid: .cny(129),
            line: OrderLine(category: "headphones"),
            dates: CaseDates(sale: date, groupBuySuccess: date, shipment: shipped ? date : nil, promisedShipBy: LocalDate(iso: "2026-03-12")!),
            flags: flags
        )
        let decision = PolicyEngine.evaluate(facts: facts, policy: PolicyPresets.pinduoduo(), calendar: BusinessCalendar(), now: now)
        return CaseJudgement(decision, requested: requested)
    }

    @Test func whereARequestStartsAndWhatIsRefused() {
        let admit = { (type: ReturnType, known: KnownCase?) in
            ReturnAdmission.admit(Self.application(type), to: known, merchantKnown: true, at: Self.now)
        }
        #expect(admit(.refundOnly, Self.known(Self.pinduoduo(.refundOnly))) == .success(.requested))
        #expect(admit(.refundOnly, Self.known(Self.pinduoduo(.refundOnly, shipped: false))) == .success(.inPlatformReview), "PDD-04")
        // B-26: special goods refuse a return; PDD-01: no exchange on the platform.
        guard case .failure(let special) = admit(.returnAndRefund, Self.known(Self.pinduoduo(.returnAndRefund, special: true))) else {
            Issue.record("special goods returned")
            return
        }
        #expect(special.details.map(\.field) == ["type"] && special.message.contains("special_goods") && special.message.contains("B-26"))
        guard case .failure(let exchange) = admit(.exchange, Self.known(Self.pinduoduo(.refundOnly))) else {
            Issue.record("an exchange on the platform")
            return
        }
        #expect(exchange.message.contains("not_offered"))
        // T-06: bought on 1 February, the 15-day validity had closed when the case was judged; bought on 1
        // March, it was open then (to 16 March) and has closed by 17 March.
        guard case .failure(let stamped) = admit(.refundOnly, Self.known(Self.pinduoduo(.refundOnly, sale: "2026-02-01"))) else {
            Issue.record("a window closed at judgement")
            return
        }
        #expect(stamped.details.map(\.field) == ["type"] && stamped.message.contains("T-06"), "\(stamped.message)")
        let march = Self.known(Self.pinduoduo(.refundOnly, sale: "2026-03-01"))
        let lastDay = Self.now.addingTimeInterval(6 * 86_400 + 13 * 3600)  // 23:00 on 16 March in Shanghai
        #expect(ReturnAdmission.admit(Self.application(.refundOnly), to: march, merchantKnown: true, at: lastDay) == .success(.requested))
        guard
            case .failure(let closed) = ReturnAdmission.admit(
                Self.application(.refundOnly),
                to: march,
                merchantKnown: true,
                at: lastDay.addingTimeInterval(3600)
            )
        else {
            Issue.record("a window closed since")
            return
        }
        #expect(closed.details.map(\.field) == ["type"] && closed.message.contains("closed on 2026-03-16"), "\(closed.message)")
        // No merchant yet (CM-06), none known, or another: refused naming the field.
        #expect(admit(.refundOnly, Self.known(nil, merchant: nil)).fieldAtFault == "caseId")
        #expect(admit(.refundOnly, Self.known(nil, merchant: UUID())).fieldAtFault == "merchantId")
        #expect(admit(.refundOnly, nil).fieldAtFault == "caseId")
        #expect(
            ReturnAdmission.admit(Self.application(.refundOnly), to: Self.known(nil), merchantKnown: false, at: Self.now).fieldAtFault == "merchantId"
        )
        #expect(admit(.refundOnly, Self.known(nil)) == .success(.requested), "a case judged by no policy: the merchant decides")
    }

    @Test func aRequestAsksAtMostWhatTheCaseAllows() {
        #expect(ReturnAdmission.amountProblem(Self.application(.refundOnly, yuan: 129), known: Self.known(nil)) == nil)
        #expect(
            ReturnAdmission.amountProblem(Self.application(.refundOnly, yuan: 130), known: Self.known(nil))?.details.first?.field
                == "amount.amountMinor"
        )
        var usd = Self.application(.refundOnly)
        usd.amount = Money(currency: "USD", amountMinor: 100)
        #expect(ReturnAdmission.amountProblem(usd, known: Self.known(nil))?.details.first?.field == "amount.currency")
    }

    /// Granted in full: what was asked, never more than the policy pays — the difference is its deduction or
    /// its limit, with the rules; an amount agreed on its own is paid as agreed.
    @Test func aDecidedRefundPaysWhatThePolicyPays() throws {
        var judgement = Self.pinduoduo(.refundOnly)
        let full = RefundDecision.decide(
            Self.application(.refundOnly),
            granted: nil,
            decidedBy: .timer,
            ruleIds: ["T-01", "PDD-06"],
            withoutReturn: true,
            judgement: judgement,
            at: Self.now
        )
        #expect(full.amount == .cny(129) && full.deductions.isEmpty && full.ruleIds == ["PDD-06", "T-01"])
        // A 三包-style deduction of ¥19.35 on the ¥129 paid: ¥109.65 is paid, the deduction listed with its rules.
        judgement.deduction = .cny(19, fen: 35)
        judgement.refundAmount = .cny(109, fen: 65)
        judgement.reasons.append(Reason(["DS-06"], .fee, LocalizedText("折旧", "depreciation")))
        let deducted = RefundDecision.decide(
            Self.application(.refundOnly),
            granted: nil,
            decidedBy: .merchant,
            ruleIds: [],
            withoutReturn: true,
            judgement: judgement,
            at: Self.now
        )
        #expect(deducted.amount == .cny(109, fen: 65))
        #expect(deducted.deductions == [RefundDeduction(kind: "policy_deduction", amount: .cny(19, fen: 35), ruleIds: ["DS-06"])])
        #expect(deducted.ruleIds == ["DS-06"])
        let askedLess = RefundDecision.decide(
            Self.application(.refundOnly, yuan: 100),
            granted: nil,
            decidedBy: .merchant,
            ruleIds: [],
            withoutReturn: true,
            judgement: judgement,
            at: Self.now
        )
        #expect(askedLess.amount == .cny(100) && askedLess.deductions.isEmpty, "asking less than the policy pays")
        let agreed = RefundDecision.decide(
            Self.application(.refundOnly),
            granted: .cny(50),
            decidedBy: .customerAcceptedOffer,
            ruleIds: [],
            withoutReturn: true,
            judgement: judgement,
            at: Self.now
        )
        #expect(agreed.amount == .cny(50) && agreed.deductions.isEmpty && agreed.requested == .cny(129))
        // DS-08: a policy paying twice the price lets a request ask for it.
        judgement.refundAmount = .cny(258)
        #expect(RefundDecision.ceiling(for: .refundOnly, pricePaid: .cny(129), judgement: judgement) == .cny(258))
        #expect(RefundDecision.ceiling(for: .returnAndRefund, pricePaid: .cny(129), judgement: judgement) == .cny(129), "another resolution")
    }

    /// PDD-09 and rules.md §8 item 6: the preset's setting keeps a return-and-refund from being withdrawn.
    @Test func thePolicySaysWhatMayBeWithdrawn() {
        #expect(Self.pinduoduo(.refundOnly).allowsWithdrawal(of: .returnAndRefund))
        var options = PinduoduoOptions()
        options.withdrawalForReturnAndRefund = false
        let facts = CaseFacts(
            pricePaid: .cny(129),
            line: OrderLine(category: "headphones"),
            dates: CaseDates(
                sale: LocalDate(iso: "2026-03-05")!,
                groupBuySuccess: LocalDate(iso: "2026-03-05")!,
                shipment: LocalDate(iso: "2026-03-05")!
            ),
            flags: [.shipped]
        )
        let strict = CaseJudgement(
            PolicyEngine.evaluate(facts: facts, policy: PolicyPresets.pinduoduo(options), calendar: BusinessCalendar(), now: Self.now),
            requested: .returnAndRefund
        )
        #expect(strict.allowsWithdrawal(of: .refundOnly) && !strict.allowsWithdrawal(of: .returnAndRefund))
        #expect(
            CaseJudgement.init(
                PolicyEngine.evaluate(facts: facts, policy: PolicyPresets.pinduoduo(), calendar: BusinessCalendar(), now: Self.now),
                requested: .refundOnly
            ).withdrawable != nil
        )
    }
}

extension Result where Success == ReturnRequestStatus, Failure == ErrorBody {
    var fieldAtFault: String? {
        guard case .failure(let error) = self else { return nil }
        return error.details.first?.field
    }
}
