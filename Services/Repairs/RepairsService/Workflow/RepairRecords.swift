public import Foundation
public import Models

/// What a repair means for its case's 三包 clock and judgement (rules.md §3.5, §3.6), pure: the repair record
/// Intake is told (submitted, received, returned, days away, repeats of the fault), and when the case's
/// policy timers of a repair fall due (T-15, T-20).
public enum RepairRecords {
    /// The steps after which the case is told the record: each changes one of its dates or its fault.
    public static let reportedSteps: Set<String> = [
        "opened", "checked_in", "held_for_discrepancy", "quoted", "handed_over", "cancelled", "quote_declined",
    ]

    /// The order's record for its case; nil for a walk-in order with no case. `sameFaultBefore` is how often
    /// the same fault was repaired and handed back on the same item by other orders.
    public static func record(of order: RepairOrder, sameFaultBefore: Int, calendar: BusinessCalendar, now: Date) -> RepairRecorded? {
        guard let caseID = order.caseID else { return nil }
        // Repaired on site, the item never left the customer: nothing pauses its 三包 clock.
        let away = order.appointment?.kind != .onSite
        let received = away ? order.checkIn.map { calendar.localDate(of: $0.checkedInAt) } : nil
        let returned = returnedAt(order).map { calendar.localDate(of: $0) }
        // Days away count only once the item was received; to today while it is still here.
        let daysAway = received.map { max(0, $0.days(until: returned ?? calendar.localDate(of: now))) } ?? 0
        let thisOne = order.status == .delivered && order.faultCode != nil ? 1 : 0
        return RepairRecorded(
            repairOrderID: order.id,
            caseID: caseID,
            merchantID: order.merchantID,
            submittedOn: calendar.localDate(of: order.createdAt),
            receivedOn: received,
            returnedOn: received == nil ? nil : returned,
            daysAway: daysAway,
            faultCode: order.faultCode,
            sameFaultRepairs: order.faultCode == nil ? 0 : sameFaultBefore + thisOne,
            exchangedOn: order.handover?.replacementSerialNumber == nil ? nil : returned
        )
    }

    /// When the item went back to the customer: handed over, or the order ended without repair.
    static func returnedAt(_ order: RepairOrder) -> Date? {
        switch order.status {
        case .delivered: order.handover?.handedOverAt
        case .cancelled: order.cancellation?.cancelledAt
        case .quoteDeclined: order.quote?.answer?.answeredAt
        default: nil
        }
    }

    /// The repair is not done yet: a timer of the policy that runs out now has its consequence.
    public static func isUnrepaired(_ status: RepairOrderStatus) -> Bool {
        ![.repaired, .completed, .readyForPickup, .delivered, .cancelled, .quoteDeclined].contains(status)
    }

    /// The policy timers a step starts: `repair_submitted` when the order is registered, `repair_accepted`
    /// when the item is received for repair.
    public static func trigger(ofStep step: String) -> TimerTrigger? {
        switch step {
        case "opened": .repairSubmitted
        case "checked_in", "held_for_discrepancy": .repairAccepted
        default: nil
        }
    }
}
