import DispatchService
import Foundation
import Models
import Testing

/// The merchant's handshake on a queued case, without I/O (rules.md §2(b), §5 T-01/T-02).
@Suite struct DispatchCaseRuleTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)
    static let registered = CaseRegistered.example

    @Test func aQueuedCaseMustBeAcknowledgedWithinTheResponseHours() {
        let queued = DispatchCase.queued(Self.registered.caseID, merchant: Self.registered.merchantID!, at: Self.now, responseHours: 48)
        #expect(queued.status == .awaitingAcknowledgement)
        #expect(queued.respondBy == Self.now.addingTimeInterval(48 * 3600))
        #expect(queued.caseID == Self.registered.caseID)
        #expect(queued.merchantID == Self.registered.merchantID)
    }

    /// Cancelled at Intake: withdrawn once, then nothing to acknowledge and no deadline to pass.
    @Test func aWithdrawnCaseIsNeitherAcknowledgedNorOverdue() throws {
        var record = DispatchCase.queued(Self.registered.caseID, merchant: Self.registered.merchantID!, at: Self.now, responseHours: 48)
        let first = record.withdraw()
        let again = record.withdraw()
        #expect(first)
        #expect(!again, "a redelivery changes nothing")
        let refused: ErrorBody? = {
            var copy = record
            do throws(ErrorBody) {
                _ = try copy.acknowledge(at: Self.now)
                return nil
            } catch {
                return error
            }
        }()
        #expect(refused?.code == .failedPrecondition)
        let overdue = record.deadlinePassed()
        #expect(!overdue)
        #expect(record.status == .withdrawn)
    }

    @Test func anAcknowledgementChangesTheCaseOnceAndAgainIsARetry() throws {
        var record = DispatchCase.queued(Self.registered.caseID, merchant: Self.registered.merchantID!, at: Self.now, responseHours: 48)
        let at = Self.now.addingTimeInterval(3600)
        let changed = try record.acknowledge(at: at)
        #expect(changed)
        #expect(record.status == .acknowledged)
        #expect(record.acknowledgedAt == at)
        let retried = try record.acknowledge(at: at.addingTimeInterval(60))
        #expect(!retried)
        #expect(record.acknowledgedAt == at, "a retry does not move the acknowledgement")
        let overdue = record.deadlinePassed()
        #expect(!overdue, "an acknowledged case never becomes overdue")
        #expect(record.status == .acknowledged)
    }

    @Test func afterTheDeadlineTheCaseIsOverdueAndCanNoLongerBeAcknowledged() {
        var record = DispatchCase.queued(Self.registered.caseID, merchant: Self.registered.merchantID!, at: Self.now, responseHours: 48)
        let passed = record.deadlinePassed()
        #expect(passed)
        #expect(record.status == .responseOverdue)
        let again = record.deadlinePassed()
        #expect(!again, "the deadline passes once")
        do {
            _ = try record.acknowledge(at: Self.now)
            Issue.record("an overdue case was acknowledged")
        } catch {
            #expect(error.code == .failedPrecondition)
        }
        #expect(record.status == .responseOverdue)
    }
}
