public import Foundation
public import Models

/// Who may see a timeline entry (DESIGN §5): the customer-facing steps, the merchant's own, internal
/// handling (escalation) and money (refunds).
public enum TimelineVisibility: String, Sendable, CaseIterable {
    case customer, merchant, `internal`, finance
}

/// One entry of a case's timeline: what happened (the event's type and data), when it happened (its
/// `occurredAt`, not its arrival), where (the producing service) and who (a role — never a customer's
/// token subject).
public struct TimelineEntry: Sendable, Equatable {
    public let eventID: UUID
    public let caseID: UUID
    public let type: String
    public let occurredAt: Date
    public let producer: String
    public let actorRole: String
    public let visibility: TimelineVisibility
    /// The merchant the step concerns, when it is one merchant's.
    public let merchantID: UUID?
    /// The deadline the step opens, if any.
    public let dueAt: Date?
    /// The event's data, as the catalog documents it (JSON object text).
    public let data: String

    public init(
        eventID: UUID,
        caseID: UUID,
        type: String,
        occurredAt: Date,
        producer: String,
        actorRole: String,
        visibility: TimelineVisibility,
        merchantID: UUID?,
        dueAt: Date?,
        data: String
    ) {
        self.eventID = eventID
        self.caseID = caseID
        self.type = type
        self.occurredAt = occurredAt
        self.producer = producer
        self.actorRole = actorRole
        self.visibility = visibility
        self.merchantID = merchantID
        self.dueAt = dueAt
        self.data = data
    }
}

/// How each hand-off event reads on the timeline, and who sees what. Pure.
public enum CaseTimeline {
    /// The role that acts in a step and who may see it, by event type. `system` is a timer.
    public static func describe(_ step: CaseStep) -> (actorRole: String, visibility: TimelineVisibility) {
        switch step {
        case .queued: ("dispatcher_runner", .customer)
        case .acknowledged, .resolutionProposed: ("merchant", .customer)
        case .inspected: ("merchant", .merchant)
        case .responseOverdue: ("system", .merchant)
        case .resolutionAgreed: ("merchant", .customer)
        case .escalated: ("escalation_officer", .internal)
        case .chased: ("dispatcher_runner", .merchant)
        case .handedBack: ("merchant", .merchant)
        case .claimRejected, .itemShippedBack: ("merchant", .customer)
        case .returnRequest(let stage):
            switch stage {
            case .opened, .withdrawn: ("storefront", .customer)
            case .approved, .rejected, .itemReturned: ("merchant", .customer)
            case .inReview, .refused: ("platform_arbitrator", .customer)
            case .lapsed: ("system", .customer)
            }
        case .refundApproved: ("merchant", .customer)
        case .refunded, .paid: ("finance", .finance)
        case .repairOrder: ("technician", .customer)
        case .repairRecorded: ("technician", .internal)
        case .freeExchangeDue: ("system", .customer)
        case .repairOverdue: ("system", .internal)
        case .closed, .cancelled: ("cs_agent", .customer)
        }
    }

    /// What a caller sees: a merchant the customer-facing steps and its own, never internal handling, money
    /// or another merchant's steps; staff everything.
    public static func visible(to roles: Set<Role>, merchant: UUID?) -> [TimelineVisibility] {
        merchant != nil && roles == [.merchant] ? [.customer, .merchant] : TimelineVisibility.allCases
    }
}
