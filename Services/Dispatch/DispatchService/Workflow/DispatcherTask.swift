public import Foundation
public import Models

/// Work for the dispatcher (rules.md §2(b)): phone the customer when the merchant's inspection differs
/// from the report (step 3, CM-27), phone a merchant late with a step (step 4). Done with the call's outcome.
public struct DispatcherTask: Sendable, Equatable {
    public typealias Kind = DispatcherTaskKind

    public let id: UUID
    public let caseID: UUID
    public let merchantID: UUID?
    public let kind: Kind
    public let note: String
    public let createdAt: Date
    public var doneAt: Date?
    public var doneBy: String?
    public var outcome: String?

    public init(id: UUID, caseID: UUID, merchantID: UUID?, kind: Kind, note: String, createdAt: Date) {
        self.id = id
        self.caseID = caseID
        self.merchantID = merchantID
        self.kind = kind
        self.note = note
        self.createdAt = createdAt
    }

    /// The dispatcher records the call's outcome.
    public mutating func complete(outcome: String, by who: String, at now: Date) throws(ErrorBody) {
        guard doneAt == nil else { throw ErrorBody(code: .failedPrecondition, message: "the task is done already") }
        doneAt = now
        doneBy = who
        self.outcome = outcome
    }
}
