public import Foundation

/// The policy engine: a pure, deterministic function of facts, policy, calendar and the instant `now`.
public enum PolicyEngine {
    /// Decides every resolution for a case. `now` is the request instant (never the system clock); the
    /// request date is its local date in the calendar's zone.
    public static func evaluate(facts: CaseFacts, policy: PolicyDocument, calendar: BusinessCalendar, now: Date) -> PolicyDecision {
        let today = calendar.localDate(of: now)
        let ctx = EvaluationContext(facts: facts, flags: Set(facts.flags), today: today, calendar: calendar)
        var options: [ResolutionOption] = []
        var windows: [ResolvedWindow] = []
        var timers: [TimerRule] = []
        var fees: [ResolvedFee] = []
        var shipping: [ResolvedShipping] = []
        for resolution in Resolution.allCases {
            let result = option(for: resolution, policy: policy, ctx: ctx)
            options.append(result.option)
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
            shipping: shipping
        )
        return PolicyDecision(policyId: policy.policyId, policyVersion: policy.version, requestDate: today, options: options, resolvedRules: resolved)
    }

    struct OptionResult {
        var option: ResolutionOption
        var window: ResolvedWindow?
        var timers: [TimerRule] = []
        var shippingRule: ShippingRule?
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
            option.reasons = [Reason(policy.offeredRuleIds, .notOffered, ReasonText.notOffered)]
            return OptionResult(option: option)
        }
        let rules = policy.entitlements.filter { $0.resolution == resolution && $0.match.matches(ctx.facts.line) }
        var failures: [Reason] = []
        var granted: (rule: EntitlementRule, window: ResolvedWindow?)?
        var negotiated: (rule: EntitlementRule, window: ResolvedWindow?)?
        for rule in rules {
            var ok = true
            for req in rule.requires where !req.condition.holds(in: ctx) {
                ok = false
                failures.append(Reason(rule.ruleIds + req.ruleIds, .conditionUnmet, ReasonText.requires(req.condition.text)))
            }
            guard ok else { continue }
            let check = checkWindow(rule, ctx: ctx)
            if let failure = check.failure {
                failures.append(failure)
                continue
            }
            if rule.outcome == .grant {
                granted = (rule, check.window)
                break
            } else if negotiated == nil {
                negotiated = (rule, check.window)
            }
        }
        // Blocking conditions (rules.md §4) apply whatever rule would grant.
        var blocked: [Reason] = []
        var warnings: [Reason] = []
        var feeToBeQuoted = false
        for block in policy.blocks
        where block.resolutions.contains(resolution) && block.match.matches(ctx.facts.line) && (block.when?.holds(in: ctx) ?? true) {
            switch block.effect {
            case .block: blocked.append(Reason(block.ruleIds, .blocked, ReasonText.blocked(block.text)))
            case .warn: warnings.append(Reason(block.ruleIds, .warning, ReasonText.warning(block.text)))
            case .chargeFee:
                feeToBeQuoted = true
                warnings.append(Reason(block.ruleIds, .fee, ReasonText.feeCharged(block.text)))
            }
        }
        guard blocked.isEmpty, let chosen = granted ?? negotiated else {
            option.reasons = unique(blocked + failures + (rules.isEmpty ? [Reason([], .noRule, ReasonText.noRule)] : []))
            return OptionResult(option: option)
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
        option.reasons += warnings
        var result = OptionResult(option: option, window: chosen.window)
        if granted != nil { applyMoney(rule, ctx: ctx, to: &result.option, feeToBeQuoted: feeToBeQuoted) }
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
            result.option.reasons.append(Reason(note.ruleIds, .note, note.text))
        }
        return result
    }

    static func checkWindow(_ rule: EntitlementRule, ctx: EvaluationContext) -> (window: ResolvedWindow?, failure: Reason?) {
        guard let w = rule.window else { return (nil, nil) }
        let ids = rule.ruleIds + w.ruleIds
        guard let start = ctx.facts.dates.date(for: w.anchor) else {
            return (nil, Reason(ids, .missingDate, ReasonText.missingDate(w.anchor)))
        }
        let pause = w.pausable ? max(0, ctx.facts.pausedDays) : 0
        let opensOn = w.opensAfter.map { ctx.calendar.lastDay(of: $0, from: start).adding(days: 1) }
        let closesOn = w.closesAfter.map { ctx.calendar.lastDay(of: $0, from: start).adding(days: pause) }
        let resolved = ResolvedWindow(
            resolution: rule.resolution,
            ruleIds: ids,
            anchor: w.anchor,
            anchorDate: start,
            opensOn: opensOn,
            closesOn: closesOn
        )
        if ctx.today < (opensOn ?? start) {
            return (resolved, Reason(ids, .windowNotOpen, ReasonText.windowNotOpen(opensOn ?? start)))
        }
        if let closesOn, ctx.today > closesOn {
            return (resolved, Reason(ids, .windowClosed, ReasonText.windowClosed(closesOn)))
        }
        return (resolved, nil)
    }

    static func applyMoney(_ rule: EntitlementRule, ctx: EvaluationContext, to option: inout ResolutionOption, feeToBeQuoted: Bool) {
        let price = ctx.facts.pricePaid
        var total = Money.zero(price.currency)
        option.feeToBeQuoted = feeToBeQuoted
        for fee in rule.fees {
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
    /// What the reason says: the condition, or the product itself when the block is unconditional.
    var text: LocalizedText {
        when?.text
            ?? LocalizedText(
                "该商品（\(match.categories.joined(separator: ","))\(match.models.joined(separator: ","))）",
                "this product (\((match.categories + match.models).joined(separator: ",")))"
            )
    }
}
