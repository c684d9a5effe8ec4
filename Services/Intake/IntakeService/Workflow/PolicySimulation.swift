public import Foundation
public import Models

/// A draft policy applied to recorded cases, against the judgement stamped on each: how many decisions
/// would change, which way, and the money that moves. Each case is judged at its own registration moment
/// with its facts as known now (the inspection's included). Pure: tested without a database.
public struct PolicySimulation: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var from: OptionStatus
        public var to: OptionStatus
        public var count: Int
    }

    public struct Example: Sendable, Equatable {
        public var caseID: UUID
        public var from: OptionStatus
        public var to: OptionStatus
        public var refundBefore: Money
        public var refundAfter: Money
    }

    public var casesEvaluated = 0
    /// Cases with no stamped judgement, or priced in another currency than the draft's.
    public var casesSkipped = 0
    public var decisionsChanged = 0
    /// By direction, the biggest first (then by name, so the order is stable).
    public var changes: [Change] = []
    public var refundBefore: Money
    public var refundAfter: Money
    public var deductionBefore: Money
    public var deductionAfter: Money
    /// Up to ``maxExamples`` changed cases, in the order given (newest first).
    public var examples: [Example] = []

    public static let maxExamples = 20

    public init(draft: PolicyDocument, calendar: BusinessCalendar, cases: [AfterSalesCase]) {
        let zero = Money.zero(draft.currency)
        refundBefore = zero
        refundAfter = zero
        deductionBefore = zero
        deductionAfter = zero
        var directions: [OptionPair: Int] = [:]
        for record in cases {
            guard let stamped = record.judgement, record.registration.pricePaid.currency == draft.currency else {
                casesSkipped += 1
                continue
            }
            casesEvaluated += 1
            let simulated = record.registration.judged(facts: record.currentFacts, by: draft, calendar: calendar, at: record.createdAt)
            let before = stamped.refundAmount ?? zero
            let after = simulated.refundAmount ?? zero
            refundBefore = refundBefore.adding(before)
            refundAfter = refundAfter.adding(after)
            deductionBefore = deductionBefore.adding(stamped.deduction)
            deductionAfter = deductionAfter.adding(simulated.deduction)
            guard stamped.status != simulated.status || before != after || stamped.deduction != simulated.deduction else { continue }
            decisionsChanged += 1
            if stamped.status != simulated.status { directions[OptionPair(from: stamped.status, to: simulated.status), default: 0] += 1 }
            if examples.count < Self.maxExamples {
                examples.append(Example(caseID: record.id, from: stamped.status, to: simulated.status, refundBefore: before, refundAfter: after))
            }
        }
        changes = directions.map { Change(from: $0.key.from, to: $0.key.to, count: $0.value) }.sorted {
            ($0.count, $1.from.rawValue + $1.to.rawValue) > ($1.count, $0.from.rawValue + $0.to.rawValue)
        }
    }

    struct OptionPair: Hashable {
        let from: OptionStatus
        let to: OptionStatus
    }
}
