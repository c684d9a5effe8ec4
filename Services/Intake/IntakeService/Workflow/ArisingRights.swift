public import Foundation
public import Models

/// A right that arises after the request (rules.md §3.6 FN-06, T-20: a free exchange once the repair is more
/// than 30 days late). Pure. The case stays judged as of its request — a window open then stays open — and the
/// arising resolution is taken as it stands at the instant it arose, when the policy grants it then.
extension CaseRegistration {
    public func judged(
        facts: CaseFacts,
        by policy: PolicyDocument,
        calendar: BusinessCalendar,
        at request: Date,
        granting resolution: Resolution,
        asOf arising: Date
    ) -> CaseJudgement {
        var decision = PolicyEngine.evaluate(facts: facts, policy: policy, calendar: calendar, now: request)
        let later = PolicyEngine.evaluate(facts: facts, policy: policy, calendar: calendar, now: arising)
        let option = later.option(resolution)
        guard option.isEligible else { return CaseJudgement(decision, requested: requestedResolution) }
        decision.options = decision.options.map { $0.resolution == resolution ? option : $0 }
        var rules = decision.resolvedRules
        rules.windows = rules.windows.filter { $0.resolution != resolution } + later.resolvedRules.windows.filter { $0.resolution == resolution }
        rules.fees = rules.fees.filter { $0.resolution != resolution } + later.resolvedRules.fees.filter { $0.resolution == resolution }
        for timer in later.resolvedRules.timers where !rules.timers.contains(timer) { rules.timers.append(timer) }
        decision.resolvedRules = rules
        return CaseJudgement(decision, requested: requestedResolution)
    }
}

extension TimerExpiry {
    /// The resolution a timer's expiry makes due, if any.
    public var arisingResolution: Resolution? {
        switch self {
        case .freeExchangeDue: .exchange
        default: nil
        }
    }
}
