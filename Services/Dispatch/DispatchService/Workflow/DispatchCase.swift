public import Foundation
public import Models

/// A case as Dispatch holds it: queued for its merchant until acknowledged or overdue (rules.md §2(b),
/// §5 T-01/T-02). Pure: the transitions are tested without a database.
public struct DispatchCase: Sendable, Equatable {
    public enum Status: String, Sendable {
        case awaitingAcknowledgement = "awaiting_acknowledgement"
        case acknowledged
        case responseOverdue = "response_overdue"
        /// Cancelled at Intake: the merchant has nothing more to do and its deadline is off.
        case withdrawn
    }

    public let caseID: UUID
    public let merchantID: UUID
    public var status: Status
    public let queuedAt: Date
    public let respondBy: Date
    public var acknowledgedAt: Date?

    public init(caseID: UUID, merchantID: UUID, status: Status, queuedAt: Date, respondBy: Date, acknowledgedAt: Date?) {
        self.caseID = caseID
        self.merchantID = merchantID
        self.status = status
        self.queuedAt = queuedAt
        self.respondBy = respondBy
        self.acknowledgedAt = acknowledgedAt
    }

    /// A case just registered, queued for its merchant at `now`, who must acknowledge within `hours`.
    public static func queued(_ caseID: UUID, merchant: UUID, at now: Date, responseHours hours: Int) -> DispatchCase {
        DispatchCase(
            caseID: caseID,
            merchantID: merchant,
            status: .awaitingAcknowledgement,
            queuedAt: now,
            respondBy: now.addingTimeInterval(TimeInterval(hours) * 3600),
            acknowledgedAt: nil
        )
    }

    /// The merchant acknowledges at `now`.
    /// - Returns: true when the case changed; false when it was already acknowledged (a retry).
    /// - Throws: failed_precondition once the deadline passed and the case went to escalation.
    public mutating func acknowledge(at now: Date) throws(ErrorBody) -> Bool {
        switch status {
        case .acknowledged:
            return false
        case .responseOverdue:
            throw ErrorBody(code: .failedPrecondition, message: "the merchant's response deadline passed; the case is with escalation")
        case .withdrawn:
            throw ErrorBody(code: .failedPrecondition, message: "the case was cancelled; there is nothing to acknowledge")
        case .awaitingAcknowledgement:
            status = .acknowledged
            acknowledgedAt = now
            return true
        }
    }

    /// The response deadline passed.
    /// - Returns: true when the case became overdue; false when the merchant had answered already.
    public mutating func deadlinePassed() -> Bool {
        guard status == .awaitingAcknowledgement else { return false }
        status = .responseOverdue
        return true
    }

    /// The case was cancelled at Intake.
    /// - Returns: true when it changed; false when it was withdrawn already (a redelivery).
    public mutating func withdraw() -> Bool {
        guard status != .withdrawn else { return false }
        status = .withdrawn
        return true
    }

    /// What Dispatch's case events carry.
    public var fields: MerchantCaseFields { MerchantCaseFields(caseID: caseID, merchantID: merchantID, respondBy: respondBy) }
}
