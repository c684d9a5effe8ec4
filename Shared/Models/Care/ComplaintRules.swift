public import Foundation

/// How a complaint reached the platform (rules.md §2(h) 1): phone, a visit, the online form, the store's
/// complaint office, or raised in a follow-up call.
public enum ComplaintChannel: String, WireEnum, Hashable {
    case phone
    case visit
    case onlineForm = "online_form"
    case complaintOffice = "complaint_office"
    case followUpCall = "follow_up_call"
}

/// How urgent the complaint is (§2(h) 3).
public enum ComplaintUrgency: String, WireEnum, Hashable {
    case normal
    case urgent
}

/// Where a complaint stands (§2(h)): `open` (registered, waiting for its first answer), `awaiting_reply`
/// (answered with a promised next reply time, T-37), `escalated` (unresolved after 2 days: the supervisor's),
/// `closed` (the result told, the customer's satisfaction recorded).
public enum ComplaintStatus: String, WireEnum, Hashable {
    case open
    case awaitingReply = "awaiting_reply"
    case escalated
    case closed
}

/// The complaint timers (rules.md §5 T-35, T-30/T-37): a first response within 2 hours of receipt — one at
/// 1:59:59 meets it, one at 2:00:00 does not —, and escalation to the supervisor when still unresolved 2 days
/// after receipt.
public enum ComplaintRules {
    public static let firstResponseLimit: TimeInterval = 2 * 3_600
    public static let escalationAfter: TimeInterval = 2 * 86_400

    public static func firstResponseDue(receivedAt: Date) -> Date { receivedAt.addingTimeInterval(firstResponseLimit) }

    public static func escalationDue(receivedAt: Date) -> Date { receivedAt.addingTimeInterval(escalationAfter) }

    /// Whether a first response at `respondedAt` met the 2-hour SLA: strictly before the limit.
    public static func meetsFirstResponse(receivedAt: Date, respondedAt: Date) -> Bool {
        respondedAt < firstResponseDue(receivedAt: receivedAt)
    }
}

/// A satisfaction score: 1 (very dissatisfied) to 5 (very satisfied).
public enum SatisfactionScore {
    public static let range: ClosedRange<Int64> = 1...5
}
