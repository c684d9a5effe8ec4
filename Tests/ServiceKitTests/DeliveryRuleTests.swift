import Foundation
import ServiceKit
import Testing

/// The acknowledgement rule of DESIGN §9 and the retry backoff, as pure functions.
@Suite struct DeliveryRuleTests {
    @Test(arguments: [200, 202, 204, 299]) func twoHundredsAreDelivered(_ status: Int) {
        #expect(DeliveryOutcome.of(status: status, body: "") == .delivered)
    }

    @Test(arguments: [408, 425, 429, 500, 502, 503, 504, 599]) func theseAreRetried(_ status: Int) {
        guard case .retry = DeliveryOutcome.of(status: status, body: "x") else {
            Issue.record("\(status) should be retried")
            return
        }
    }

    @Test(arguments: [300, 400, 401, 403, 404, 409, 413, 415, 410, 422]) func otherAnswersAreDeadAtOnce(_ status: Int) {
        guard case .reject(let reason) = DeliveryOutcome.of(status: status, body: "no") else {
            Issue.record("\(status) should be dead-lettered")
            return
        }
        #expect(reason.contains("HTTP \(status)"))
    }

    @Test func backoffDoublesWithJitterInTheUpperHalfAndIsCapped() {
        let backoff = Backoff(base: 1, cap: 60, maxAttempts: 5)
        #expect((1...8).map { backoff.ceiling(afterAttempts: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        for attempts in 1...8 {
            let ceiling = backoff.ceiling(afterAttempts: attempts)
            #expect(backoff.delay(afterAttempts: attempts, unit: 0) == ceiling / 2)
            #expect(backoff.delay(afterAttempts: attempts, unit: 0.999_999) <= ceiling)
        }
        #expect(!backoff.exhausted(afterAttempts: 4) && backoff.exhausted(afterAttempts: 5))
    }
}
