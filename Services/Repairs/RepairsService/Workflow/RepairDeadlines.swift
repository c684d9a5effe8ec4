public import Foundation
public import Models

/// The repair-side deadlines of rules.md §5 (T-24, T-25, T-26; WS-10, WS-11) from an order's state, pure:
/// which to schedule (and when) after a step, which no longer apply. The job runs from the quote's
/// acceptance to the promised completion.
public enum RepairDeadlines {
    /// While the repair is under way: a progress check applies.
    public static let underWay: Set<RepairOrderStatus> = [.inRepair, .awaitingParts, .awaitingAddonApproval, .onHoldSpecial]
    /// Until the customer is told to collect (the settlement): the pickup and delay notices apply.
    public static let beforePickup: Set<RepairOrderStatus> = underWay.union([.repaired, .completed])

    /// What a step leaves: the deadlines to (re)schedule, and the kinds that no longer apply.
    public struct Plan: Sendable, Equatable {
        public var schedule: [RepairDeadlineKind: Date] = [:]
        public var cancel: Set<RepairDeadlineKind> = []
    }

    /// How long before the promise the customer is told (T-24): 1 h for a job under 2 days, 4 h from 2 days.
    public static func noticeLead(start: Date, promise: Date) -> TimeInterval {
        promise.timeIntervalSince(start) < 2 * 86_400 ? 3_600 : 4 * 3_600
    }

    /// The progress check (T-25, T-26): at 70 % of the job, done by 80 %; at a manufacturer, 12 h before the
    /// promise. Whole seconds, rounded down.
    public static func progressCheck(start: Date, promise: Date, atManufacturer: Bool) -> (due: Date, checkBy: Date) {
        if atManufacturer { return (promise.addingTimeInterval(-12 * 3_600), promise) }
        let seconds = max(0, Int64(promise.timeIntervalSince(start).rounded(.down)))
        return (start.addingTimeInterval(TimeInterval(seconds * 7 / 10)), start.addingTimeInterval(TimeInterval(seconds * 8 / 10)))
    }

    /// The plan after a step: the order's state, the job's start (the acceptance; nil before), its promise
    /// and the promise before the step. A deadline already past is left as it is (it fired, or is firing);
    /// a delay notice is due when the promise moved later — at the lead time before the old promise, or at
    /// once when that has passed.
    public static func plan(
        status: RepairOrderStatus,
        start: Date?,
        promise: Date?,
        promisedBefore: Date?,
        atManufacturer: Bool,
        now: Date
    ) -> Plan {
        var plan = Plan()
        if !underWay.contains(status) { plan.cancel.insert(.progressCheck) }
        if !beforePickup.contains(status) { plan.cancel.formUnion([.pickupNotice, .delayNotice]) }
        guard let start, let promise, beforePickup.contains(status) else { return plan }
        let check = progressCheck(start: start, promise: promise, atManufacturer: atManufacturer)
        if underWay.contains(status), check.due > now { plan.schedule[.progressCheck] = check.due }
        let pickup = promise.addingTimeInterval(-noticeLead(start: start, promise: promise))
        if pickup > now { plan.schedule[.pickupNotice] = pickup }
        if let before = promisedBefore, promise > before {
            plan.schedule[.delayNotice] = max(now, before.addingTimeInterval(-noticeLead(start: start, promise: before)))
        }
        return plan
    }
}
