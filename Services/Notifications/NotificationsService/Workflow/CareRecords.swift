import Foundation
import Models

/// A tenant's customer-care settings: quiet hours (no message inside them), the follow-up windows and the
/// language of a customer who has no preference.
struct CareSettings: Sendable, Hashable {
    var quietHours: QuietHours
    var followUp: FollowUpSchedule
    var defaultLanguage: MessageLanguage
    var updatedAt: Date?

    static let standard = CareSettings(quietHours: .standard, followUp: .standard, defaultLanguage: .fallback, updatedAt: nil)
}

/// How a customer (by phone) wants to be messaged.
struct ContactPreferences: Sendable, Hashable {
    var phone: String
    var language: MessageLanguage
    var channel: MessageChannelKind
    var email: String?
    var quietHours: QuietHours?
    var updatedAt: Date
}

/// What Notifications knows of a case: its merchant, product and follow-up windows (case.registered) and its
/// customer (case.contact_recorded).
struct CareCase: Sendable, Hashable {
    var caseID: UUID
    var merchantID: UUID?
    var orderNumber: String?
    var productName: String?
    var productCategory: String?
    var customerName: String?
    var customerPhone: String?
    /// The follow-up windows its policy stamped on it, if any.
    var followUp: FollowUpSchedule?
}

enum CustomerMessageStatus: String, Sendable, CaseIterable {
    case scheduled, sent, undeliverable
}

/// A message to a customer made from a template: scheduled for `sendAt` (its due time after quiet hours).
struct CustomerMessage: Sendable, Hashable {
    var id: UUID
    var caseID: UUID?
    var notice: CustomerNotice
    var cause: String
    var channel: MessageChannelKind
    var recipient: String?
    var language: MessageLanguage
    var body: String
    var status: CustomerMessageStatus
    var dueAt: Date
    var sendAt: Date
    var sentAt: Date?
    var providerReference: String?
    var failure: String?
    var createdAt: Date
}

enum FollowUpTaskStatus: String, Sendable, CaseIterable {
    case open, done
}

enum FollowUpOutcome: String, Sendable, CaseIterable {
    case reached
    case notReached = "not_reached"
}

/// A follow-up call to make (T-28, T-29): due from `opensAt`, overdue after `dueBy`.
struct FollowUpTask: Sendable, Hashable {
    var id: UUID
    var caseID: UUID
    var repairOrderID: UUID?
    var sequence: Int
    var opensAt: Date
    var dueBy: Date
    var status: FollowUpTaskStatus
    var assignee: String?
    var createdAt: Date
    var doneAt: Date?
}

/// One logged call (FU-07).
struct FollowUpCall: Sendable, Hashable {
    var id: UUID
    var taskID: UUID
    var calledAt: Date
    var agent: String
    var outcome: FollowUpOutcome
    var notes: String?
    var complaintID: UUID?
    var nextContactAt: Date?
}

/// A satisfaction survey sent after a case was resolved, and its answer.
struct SatisfactionSurvey: Sendable, Hashable {
    var id: UUID
    var caseID: UUID
    var merchantID: UUID?
    var productCategory: String?
    var sentAt: Date
    var score: Int?
    var comment: String?
    var answeredAt: Date?
}

/// One step in a complaint's life: received, a reply, escalated, closed.
struct ComplaintStep: Sendable, Hashable {
    var step: String
    var at: Date
    var by: String
    var note: String?
    var promisedReplyAt: Date?
}

/// A complaint (rules.md §2(h)) with its timers: the first response due 2 h after receipt, the promised reply
/// time, escalation 2 days after receipt while unresolved.
struct Complaint: Sendable, Hashable {
    var id: UUID
    var caseID: UUID?
    var channel: ComplaintChannel
    var customerName: String
    var customerPhone: String
    var category: String
    var urgency: ComplaintUrgency
    var summary: String
    var owner: String?
    var status: ComplaintStatus
    var receivedAt: Date
    var receivedBy: String
    var firstResponseDue: Date
    var firstRespondedAt: Date?
    var slaBreachedAt: Date?
    var promisedReplyAt: Date?
    var replyOverdueAt: Date?
    var escalationDue: Date
    var escalatedAt: Date?
    var outcome: String?
    var customerSatisfied: Bool?
    var closedAt: Date?
    var steps: [ComplaintStep] = []

    /// Whether the first response met the 2-hour SLA: nil while none was given and time remains.
    func firstResponseMet(now: Date) -> Bool? {
        if let responded = firstRespondedAt { return ComplaintRules.meetsFirstResponse(receivedAt: receivedAt, respondedAt: responded) }
        return now >= firstResponseDue ? false : nil
    }
}
