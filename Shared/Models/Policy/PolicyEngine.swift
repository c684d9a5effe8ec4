public import Foundation

/// The policy engine: a pure, deterministic function of facts, policy, calendar and the instant `now`.
public enum PolicyEngine {
    /// Decides every resolution for a case. `now` is the request instant (never the system clock); the
    /// request date is its local date in the calendar's zone.
    public static func evaluate(facts: CaseFacts, policy: PolicyDocument, calendar: BusinessCalendar, now: Date) -> PolicyDecision {
        let today = calendar.localDate(of: now)
        let ctx = EvaluationContext(facts: facts, flags: Set(facts.flags), today: today, calendar: calendar, now: now)
        var options: [ResolutionOption] = []
        var windows: [ResolvedWindow] = []
        var timers: [TimerRule] = []
        var fees: [ResolvedFee] = []
        var shipping: [ResolvedShipping] = []
        for resolution in Resolution.allCases {
            let result = option(for: resolution, policy: policy, ctx: ctx)
            options.append(result.option)
            // A refused return sent back at someone's cost still has its legs (LG-12).
            if result.option.status == .notEligible, let legs = result.option.shipping {
                shipping.append(ResolvedShipping(resolution: resolution, ruleIds: result.sendBackRuleIds, responsibility: legs))
            }
            guard result.option.status != .notEligible else { continue }
            if let window = result.window { windows.append(window) }
            for timer in result.timers where !timers.contains(timer) { timers.append(timer) }
            fees += result.option.fees.map { ResolvedFee(resolution: resolution, fee: $0.fee) }
            if let s = result.shippingRule {
                shipping.append(ResolvedShipping(resolution: resolution, ruleIds: s.ruleIds, responsibility: s.responsibility))
            }
        }
        let resolved = ResolvedRules(
            policyId: policy.policyId,
            policyVersion: policy.version,
            family: policy.family,
            requestDate: today,
            timeZoneIdentifier: calendar.timeZoneIdentifier,
            windows: windows,
            timers: timers,
            fees: fees,
            shipping: shipping,
            oncePerOrder: oncePerOrder(policy),
            followUp: policy.followUp
        )
        return PolicyDecision(policyId: policy.policyId, policyVersion: policy.version, requestDate: today, options: options, resolvedRules: resolved)
    }

    /// The block rules that fire on an order already returned or exchanged (LG-14), for the ledger to apply.
    static func oncePerOrder(_ policy: PolicyDocument) -> [ResolvedOncePerOrder]? {
        let rules = policy.blocks.filter { $0.when == .flag(.orderAlreadyReturned) && $0.effect == .block }
        return rules.isEmpty ? nil : rules.map { ResolvedOncePerOrder(resolutions: $0.resolutions, ruleIds: $0.ruleIds) }
    }

    struct OptionResult {
        var option: ResolutionOption
        var window: ResolvedWindow?
        var timers: [TimerRule] = []
        var shippingRule: ShippingRule?
        var sendBackRuleIds: [String] = []
    }

    static func option(for resolution: Resolution, policy: PolicyDocument, ctx: EvaluationContext) -> OptionResult {
        let price = ctx.facts.pricePaid
        var option = ResolutionOption(
            resolution: resolution,
            status: .notEligible,
            deadline: nil,
            handler: nil,
            fees: [],
            deduction: .zero(price.currency),
            feeToBeQuoted: false,
            refundAmount: nil,
            priceDifference: nil,
            shipping: nil,
            reasons: []
        )
        if let offered = policy.offered, !offered.contains(resolution) {
            option.reasons = [Reason(policy.offeredRuleIds, .notOffered, ReasonText.notOffered, code: RefusalCodes.notOffered)]
            return OptionResult(option: option)
        }
        let rules = policy.entitlements.filter { $0.resolution == resolution && $0.match.matches(ctx.facts.line) }
        var failures: [Reason] = []
        var granted: (rule: EntitlementRule, window: ResolvedWindow?)?
        var negotiated: (rule: EntitlementRule, window: ResolvedWindow?)?
        var carried: [Reason] = []
        for rule in rules {
            var ok = true
            var closedBefore: [Reason] = []
            if let earlier = rule.follows, earlier != resolution {
                // CM-05: only after the earlier resolution's windows closed; they are reported as closed.
                let prior = Self.option(for: earlier, policy: policy, ctx: ctx).option
                closedBefore = prior.reasons.filter { $0.kind == .windowClosed }
                if prior.status != .notEligible || closedBefore.isEmpty {
                    failures.append(Reason(rule.ruleIds, .windowNotOpen, ReasonText.follows(earlier), code: RefusalCodes.windowNotOpen))
                    continue
                }
            }
            for req in rule.requires where !req.condition.holds(in: ctx) {
                ok = false
                let ids = rule.ruleIds + req.ruleIds
                let code = RefusalCodes.code(req.condition, holds: false, in: ctx, ruleIds: req.ruleIds, fallback: RefusalCodes.conditionUnmet)
                failures.append(Reason(ids, .conditionUnmet, ReasonText.requires(req.condition.text), code: code))
            }
            guard ok else { continue }
            let check = checkWindow(rule, ctx: ctx)
            if let failure = check.failure {
                failures.append(failure)
                continue
            }
            if rule.outcome == .grant {
                granted = (rule, check.window)
                carried = closedBefore
                break
            } else if negotiated == nil {
                negotiated = (rule, check.window)
                carried = closedBefore
            }
        }
        // Blocking conditions (rules.md §4) apply whatever rule would grant.
        var blocked: [Reason] = []
        var warnings: [Reason] = []
        var blockFees: [FeeRule] = []
        var sendBack: BlockRule?
        for block in policy.blocks
        where block.resolutions.contains(resolution) && block.match.matches(ctx.facts.line) && (block.when?.holds(in: ctx) ?? true) {
            let code =
                block.code ?? block.when.map { RefusalCodes.code($0, holds: true, in: ctx, ruleIds: block.ruleIds, fallback: "blocked") }
                ?? RefusalCodes.byRule(block.ruleIds) ?? "blocked"
            switch block.effect {
            case .block:
                blocked.append(Reason(block.ruleIds, .blocked, ReasonText.blocked(block.reasonText), code: code))
                if block.sendBack != nil, sendBack == nil { sendBack = block }
            case .warn: warnings.append(Reason(block.ruleIds, .warning, ReasonText.warning(block.reasonText), code: code))
            case .chargeFee:
                // CM-08: the fee is a line of the decision (amount to be quoted), not only a sentence.
                blockFees.append(.toBeQuoted(ruleIds: block.ruleIds))
                warnings.append(Reason(block.ruleIds, .fee, ReasonText.feeCharged(block.reasonText), code: code))
            }
        }
        guard blocked.isEmpty, let chosen = granted ?? negotiated else {
            let none = rules.isEmpty ? [Reason([], .noRule, ReasonText.noRule, code: RefusalCodes.noRule)] : []
            option.reasons = unique(blocked + failures + none)
            var result = OptionResult(option: option)
            if let sendBack, let payer = sendBack.sendBack {
                result.option.shipping = ShippingResponsibility(outboundLeg: .notApplicable, returnLeg: payer, sendBackLeg: payer)
                result.sendBackRuleIds = sendBack.ruleIds
                result.option.reasons.append(Reason(sendBack.ruleIds, .shipping, ReasonText.sentBack(payer)))
            }
            return result
        }
        let rule = chosen.rule
        option.status = granted != nil ? .eligible : .negotiable
        option.deadline = chosen.window?.closesOn
        option.handler = rule.handler
        option.reasons.append(
            Reason(
                rule.ruleIds + (rule.window?.ruleIds ?? []),
                granted != nil ? .granted : .negotiable,
                granted != nil ? ReasonText.granted(deadline: option.deadline) : ReasonText.negotiable
            )
        )
        if negotiated != nil && granted == nil {
            // A window that closed stays reported as closed when only a negotiation is left (LG-04/T-08 with
            // LG-19, DS-13 with DS-14, CM-05).
            option.reasons += failures.filter { $0.kind == .windowClosed }
        }
        option.reasons += carried
        option.reasons += warnings
        var result = OptionResult(option: option, window: chosen.window)
        if granted != nil {
            applyMoney(rule, ctx: ctx, to: &result.option, extraFees: blockFees)
        } else {
            for fee in blockFees { result.option.fees.append(AppliedFee(fee: fee, amount: nil)) }
            result.option.feeToBeQuoted = !blockFees.isEmpty
        }
        if let s = policy.shipping.first(where: {
            $0.resolutions.contains(resolution) && $0.match.matches(ctx.facts.line) && ($0.when?.holds(in: ctx) ?? true)
        }) {
            result.option.shipping = s.responsibility
            result.shippingRule = s
            result.option.reasons.append(Reason(s.ruleIds, .shipping, ReasonText.shipping(s.responsibility)))
        }
        for timer in policy.timers where timer.resolutions.contains(resolution) && (timer.when?.holds(in: ctx) ?? true) {
            result.timers.append(timer)
            result.option.reasons.append(Reason(timer.ruleIds, .timer, ReasonText.timer(timer)))
        }
        for note in policy.notes where note.resolutions.contains(resolution) && (note.when?.holds(in: ctx) ?? true) {
            switch note.kind {
            case .note: result.option.reasons.append(Reason(note.ruleIds, .note, note.text))
            case .referral: result.option.reasons.append(Reason(note.ruleIds, .referral, note.text, code: RefusalCodes.referredToAuthorities))
            }
        }
        return result
    }

    static func checkWindow(_ rule: EntitlementRule, ctx: EvaluationContext) -> (window: ResolvedWindow?, failure: Reason?) {
        guard let w = rule.window else { return (nil, nil) }
        let ids = rule.ruleIds + w.ruleIds
        guard let start = ctx.facts.dates.date(for: w.anchor) else {
            return (nil, Reason(ids, .missingDate, ReasonText.missingDate(w.anchor), code: RefusalCodes.missingDate))
        }
        let pause = w.pausable ? max(0, ctx.facts.pausedDays) : 0
        let opensOn = w.opensAfter.map { ctx.calendar.lastDay(of: $0, from: start).adding(days: 1) }
        // FN-09: an exchange restarts the 三包 period — it closes counted from the exchange day.
        let closingFrom = w.pausable ? max(start, ctx.facts.periodRestartedOn ?? start) : start
        let closesOn = w.closesAfter.map { ctx.calendar.lastDay(of: $0, from: closingFrom).adding(days: pause) }
        let resolved = ResolvedWindow(
            resolution: rule.resolution,
            ruleIds: ids,
            anchor: w.anchor,
            anchorDate: start,
            opensOn: opensOn,
            closesOn: closesOn
        )
        if ctx.today < (opensOn ?? start) {
            return (resolved, Reason(ids, .windowNotOpen, ReasonText.windowNotOpen(opensOn ?? start), code: RefusalCodes.windowNotOpen))
        }
        if let closesOn, ctx.today > closesOn {
            let code = RefusalCodes.byRule(ids.filter { $0 == "B-09" || $0 == "B-27" }) ?? RefusalCodes.periodExpired
            return (resolved, Reason(ids, .windowClosed, ReasonText.windowClosed(closesOn), code: code))
        }
        return (resolved, nil)
    }

    static func applyMoney(_ rule: EntitlementRule, ctx: EvaluationContext, to option: inout ResolutionOption, extraFees: [FeeRule]) {
        let price = ctx.facts.pricePaid
        var total = Money.zero(price.currency)
        option.feeToBeQuoted = false
        for fee in rule.fees + extraFees {
            var amount: Money?
            switch fee {
            case .depreciation(_, let rate, let anchor, let counting):
                let start = ctx.facts.dates.date(for: anchor) ?? ctx.today
                let days = max(0, start.days(until: ctx.today)) + (counting == .eventDayIsDayOne ? 1 : 0)
                amount = MoneyRounding.share(of: price, rate: rate, times: Int64(days)).capped(at: price)
            case .toBeQuoted:
                option.feeToBeQuoted = true
            case .giftValue:
                amount = ctx.flags.contains(.giftNotReturned) ? (ctx.facts.giftValue ?? .zero(price.currency)) : .zero(price.currency)
            case .provenReturnFreight:
                amount = ctx.facts.provenReturnFreight ?? .zero(price.currency)
            }
            if let amount {
                let clean = Money(currency: price.currency, amountMinor: max(0, amount.amountMinor))
                total = total.adding(clean)
                option.fees.append(AppliedFee(fee: fee, amount: clean))
            } else {
                option.fees.append(AppliedFee(fee: fee, amount: nil))
            }
            option.reasons.append(Reason(fee.ruleIds, .fee, ReasonText.fee(fee, amount: amount)))
        }
        option.deduction = total.capped(at: price)
        let payout: Money? =
            switch rule.payout {
            case .none: nil
            case .pricePaid: price
            case .multipleOfPrice(let n): price.multiplied(by: Int64(max(0, n)))
            case .fixed(let m): m
            case .collectFreight: ctx.facts.collectFreightPaid ?? .zero(price.currency)
            }
        if let payout {
            option.refundAmount = payout.subtractingFloorZero(option.deduction)
            option.reasons.append(Reason(rule.ruleIds, .payout, ReasonText.payout(option.refundAmount!)))
        }
        if rule.settlesPriceDifference, let wanted = ctx.facts.replacementPrice {
            option.priceDifference = PriceDifference(
                customerPays: wanted.subtractingFloorZero(price),
                sellerRefunds: price.subtractingFloorZero(wanted)
            )
            option.reasons.append(Reason(rule.ruleIds, .priceDifference, ReasonText.priceDifference(option.priceDifference!)))
        }
    }

    static func unique(_ reasons: [Reason]) -> [Reason] {
        var seen = Set<Reason>()
        return reasons.filter { seen.insert($0).inserted }
    }
}

extension BlockRule {
    /// What the reason says: its own text, the condition, or the product itself when unconditional.
    var reasonText: LocalizedText {
        text ?? when?.text
            ?? LocalizedText(
                "该商品（\(match.categories.joined(separator: ","))\(match.models.joined(separator: ","))）",
                "this product (\((match.categories + match.models).joined(separator: ",")))"
            )
    }
}
