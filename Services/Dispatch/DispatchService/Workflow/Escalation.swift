public import Foundation
public import Models
import ServiceKit

/// A case at the escalation desk (售后商务, rules.md §2(c) E1/E2): opened when a merchant was chased out,
/// on demand, or when the front desk declined a proposal; every contact with the customer, the merchant,
/// the channel or operations department recorded; its outcome decided and closed — all within its own SLA.
/// Pure.
public struct Escalation: Sendable, Equatable {
    public enum Trigger: String, Sendable {
        case chasedOut = "chased_out"
        case onDemand = "on_demand"
        case proposalDeclined = "proposal_declined"
        /// The customer reported the item dead on arrival (rules.md §2(c) E10, §3.4 CM-26): recorded with the
        /// merchant at once; the customer sends the item back the same day (§5 T-39), the escalation's deadline.
        case deadOnArrival = "dead_on_arrival"
    }

    public typealias Status = EscalationStatus

    public enum Party: String, Sendable {
        case customer, merchant
        case channelDepartment = "channel_department"
        case operationsDepartment = "operations_department"
    }

    public enum Channel: String, Sendable { case phone, im, email, visit }

    public enum Outcome: String, Sendable {
        /// A resolution was agreed at the desk; Returns or Repairs carries it out.
        case resolutionAgreed = "resolution_agreed"
        /// The merchant takes the case up again, with a fresh deadline.
        case returnedToMerchant = "returned_to_merchant"
        /// The case was cancelled at Intake; the desk has nothing left to decide (set by Dispatch, never asked for).
        case withdrawn
    }

    public struct Contact: Sendable, Equatable {
        public let party: Party
        public let channel: Channel
        public let note: String
        public let at: Date
        public let recordedBy: String

        public init(party: Party, channel: Channel, note: String, at: Date, recordedBy: String) {
            self.party = party
            self.channel = channel
            self.note = note
            self.at = at
            self.recordedBy = recordedBy
        }
    }

    public let id: UUID
    public let caseID: UUID
    public let merchantID: UUID?
    public let reason: String
    public let trigger: Trigger
    public var status: Status
    public let openedAt: Date
    public let dueAt: Date
    public var contacts: [Contact]
    public var outcome: Outcome?
    public var resolution: Resolution?
    public var carriedOutBy: CarriedOutBy?
    public var note: String?
    public var closedAt: Date?

    public init(
        id: UUID,
        caseID: UUID,
        merchantID: UUID?,
        reason: String,
        trigger: Trigger,
        status: Status,
        openedAt: Date,
        dueAt: Date,
        contacts: [Contact] = []
    ) {
        self.id = id
        self.caseID = caseID
        self.merchantID = merchantID
        self.reason = reason
        self.trigger = trigger
        self.status = status
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.contacts = contacts
    }

    /// A new escalation of the case, due `hours` after `now`.
    public static func open(_ record: DispatchCase, reason: String, trigger: Trigger, at now: Date, hours: Int) -> Escalation {
        open(record, reason: reason, trigger: trigger, at: now, due: now.addingTimeInterval(TimeInterval(hours) * 3600))
    }

    /// A new escalation of the case, due at `due`.
    public static func open(_ record: DispatchCase, reason: String, trigger: Trigger, at now: Date, due: Date) -> Escalation {
        Escalation(
            id: .v7(),
            caseID: record.caseID,
            merchantID: record.merchantID,
            reason: reason,
            trigger: trigger,
            status: .open,
            openedAt: now,
            dueAt: due
        )
    }

    /// Whole hours since it opened.
    public func ageHours(at now: Date) -> Int { max(0, Int(now.timeIntervalSince(openedAt) / 3600)) }

    /// Open past its SLA.
    public func isOverdue(at now: Date) -> Bool { status == .open && now >= dueAt }

    public func mustBeOpen() throws(ErrorBody) {
        guard status == .open else { throw ErrorBody(code: .failedPrecondition, message: "the escalation is closed") }
    }

    /// Decides the outcome and closes the escalation.
    public mutating func close(_ outcome: Outcome, resolution: Resolution?, carriedOutBy: CarriedOutBy?, note: String, at now: Date) throws(ErrorBody)
    {
        try mustBeOpen()
        switch outcome {
        case .resolutionAgreed:
            guard let resolution else { throw ErrorBody.invalidArgument("resolution", "is required when a resolution is agreed") }
            self.carriedOutBy = try resolution.carrier(carriedOutBy)
            self.resolution = resolution
        case .withdrawn:
            throw ErrorBody.invalidArgument("outcome", "withdrawn is set when the case is cancelled at Intake")
        case .returnedToMerchant:
            guard resolution == nil, carriedOutBy == nil else {
                throw ErrorBody.invalidArgument(resolution != nil ? "resolution" : "carriedOutBy", "is given only with resolution_agreed")
            }
        }
        self.outcome = outcome
        self.note = note
        status = .closed
        closedAt = now
    }
}
