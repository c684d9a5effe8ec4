public import Models

/// What the case's repairs add to its facts (rules.md §3.5, §3.6), from the repair records Repairs reports.
/// Pure. The days the item spent away pause a 三包 clock (FN-01, T-19: the policy's pausable windows close
/// that much later); an exchange restarts it (FN-09); the repairs of one fault count towards DS-04 D and
/// FN-05; the submission of a repair still under way and the latest completion are the anchors of FN-06 (T-20) and
/// the post-repair windows.
public struct CaseRepairFacts: Codable, Sendable, Equatable {
    public var pausedDays = 0
    public var repairsOfSameDefect = 0
    public var repairSubmitted: LocalDate?
    public var lastRepairCompleted: LocalDate?
    public var periodRestartedOn: LocalDate?

    public init() {}

    /// The facts of `records` (one per repair order, as last reported) with an item still away counted to
    /// `today`. Only what follows an exchange counts: the replacement is a new item.
    public static func from(_ records: [RepairRecorded], through today: LocalDate) -> CaseRepairFacts {
        var facts = CaseRepairFacts()
        facts.periodRestartedOn = records.compactMap(\.exchangedOn).max()
        let current = records.filter { record in
            guard let restart = facts.periodRestartedOn else { return true }
            return record.exchangedOn == restart || record.submittedOn >= restart
        }
        for record in current {
            // The exchange's own order ends the old item's time away; it pauses nothing of the new one.
            if let received = record.receivedOn, record.exchangedOn == nil {
                facts.pausedDays += max(0, received.days(until: record.returnedOn ?? today))
            }
            if record.exchangedOn == nil { facts.repairsOfSameDefect = max(facts.repairsOfSameDefect, record.sameFaultRepairs) }
        }
        // FN-06 counts from a repair still under way: once the item is back, no submission is pending.
        facts.repairSubmitted = current.filter { $0.returnedOn == nil }.map(\.submittedOn).max()
        facts.lastRepairCompleted = current.filter { $0.exchangedOn == nil }.compactMap(\.returnedOn).max()
        return facts
    }

    /// `facts` with the repairs' added: days away on top of any registered, the larger repair count, the
    /// reported dates where known.
    public func applied(to facts: CaseFacts) -> CaseFacts {
        var out = facts
        out.pausedDays = facts.pausedDays + pausedDays
        out.repairsOfSameDefect = max(facts.repairsOfSameDefect, repairsOfSameDefect)
        out.dates.repairSubmitted = repairSubmitted ?? facts.dates.repairSubmitted
        out.dates.lastRepairCompleted = lastRepairCompleted ?? facts.dates.lastRepairCompleted
        out.periodRestartedOn = [facts.periodRestartedOn, periodRestartedOn].compactMap { $0 }.max()
        return out
    }

    enum CodingKeys: String, CodingKey { case pausedDays, repairsOfSameDefect, repairSubmitted, lastRepairCompleted, periodRestartedOn }
}
