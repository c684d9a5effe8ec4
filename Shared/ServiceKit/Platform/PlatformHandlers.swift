import Foundation
import Logging
import Models
import PlatformAPI

/// The platform operations every service serves the same way (DESIGN §9), from the platform contract
/// (`Shared/Contracts/PlatformAPI`) behind the same guard as the service's own: `EventSink/Deliver`
/// (service role), `DeadLetters/List` and `Redrive` (platform operators), and in test mode only
/// `TestClock/Get|Set|Advance|Drain` (service role). With test mode off the test-clock paths are not routed.
struct PlatformHandlers: APIProtocol {
    let sink: EventSink
    let deadLetters: DeadLetters
    /// Nil unless test mode serves a clock that can be moved.
    let testClock: ManualBusinessClock?
    let drain: Drain

    /// Who may call what, by path.
    static func access(path: String) -> OperationAccess? {
        switch path {
        case PlatformPaths.deliver: .mutates([.service])
        case PlatformPaths.deadLetters + "/List": .reads([.platformOperator])
        case PlatformPaths.deadLetters + "/Redrive": .mutates([.platformOperator])
        case PlatformPaths.testClock + "/Get": .reads([.service])
        case PlatformPaths.testClock + "/Set", PlatformPaths.testClock + "/Advance", PlatformPaths.testClock + "/Drain":
            .mutates([.service])
        default: nil
        }
    }

    /// Registers the operations served: the test clock's only with a clock to move.
    static func register(_ handlers: PlatformHandlers, on transport: RecordingTransport) throws {
        let all = RecordingTransport()
        try handlers.registerHandlers(on: all, configuration: all.configuration, middlewares: all.middlewares)
        for registration in all.registrations where handlers.testClock != nil || !registration.path.hasPrefix(PlatformPaths.testClock) {
            try transport.register(registration.handler, method: registration.method, path: registration.path)
        }
    }

    func deliverEvents(_ input: Operations.DeliverEvents.Input) async throws -> Operations.DeliverEvents.Output {
        try await answeringPlatform { logger in
            let receipt = try await sink.deliver(input.request.events, logger: logger)
            return .ok(
                .init(applied: Int64(receipt.applied), duplicates: Int64(receipt.duplicates), ignored: Int64(receipt.ignored))
            )
        }
    }

    func listDeadLetters(_ input: Operations.ListDeadLetters.Input) async throws -> Operations.ListDeadLetters.Output {
        try await answeringPlatform { _ in
            var checks = FieldChecks()
            let tenant = checks.optionalUUID(input.request.tenantId, "tenantId")
            let limit = input.request.pageSize ?? 100
            if !(1...500).contains(limit) { checks.fail("pageSize", "must be from 1 to 500") }
            try checks.throwIfFailed()
            let letters = try await deadLetters.list(tenant: tenant, limit: Int(limit))
            return .ok(.init(deadLetters: letters.map(Components.Schemas.DeadLetter.init)))
        }
    }

    func redriveDeadLetter(_ input: Operations.RedriveDeadLetter.Input) async throws -> Operations.RedriveDeadLetter.Output {
        try await answeringPlatform { _ in
            var checks = FieldChecks()
            let tenant = checks.uuid(input.request.tenantId, "tenantId")
            let event = checks.uuid(input.request.eventId, "eventId")
            try checks.throwIfFailed()
            guard let tenant, let event else { throw ErrorBody.invalidArgument([]) }
            guard try await deadLetters.redrive(tenant: tenant, event: event, subscriber: input.request.subscriber) else {
                throw ErrorBody.notFound("dead letter of event \(event.wireText) to \(input.request.subscriber)")
            }
            return .ok(.init(redriven: true))
        }
    }

    func getTestClock(_ input: Operations.GetTestClock.Input) async throws -> Operations.GetTestClock.Output {
        try await answeringPlatform { _ in .ok(.init(now: RFC3339.string(try movableClock().now()))) }
    }

    func setTestClock(_ input: Operations.SetTestClock.Input) async throws -> Operations.SetTestClock.Output {
        try await answeringPlatform { _ in
            let clock = try movableClock()
            guard let instant = RFC3339.date(input.request.now) else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "now", reason: "must be an RFC 3339 instant")])
            }
            do {
                try clock.set(instant)
            } catch let error as ClockError {
                throw ErrorBody.invalidArgument([
                    FieldViolation(field: "now", reason: Self.refusal(error, earlier: "must not be earlier than the clock's time"))
                ])
            }
            return .ok(.init(now: RFC3339.string(clock.now())))
        }
    }

    func advanceTestClock(_ input: Operations.AdvanceTestClock.Input) async throws -> Operations.AdvanceTestClock.Output {
        try await answeringPlatform { _ in
            let clock = try movableClock()
            guard input.request.seconds <= Self.longestAdvance else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "seconds", reason: "must be at most \(Self.longestAdvance) (ten years)")])
            }
            do {
                try clock.advance(by: TimeInterval(input.request.seconds))
            } catch let error as ClockError {
                throw ErrorBody.invalidArgument([
                    FieldViolation(field: "seconds", reason: Self.refusal(error, earlier: "must not be negative: the clock never goes back"))
                ])
            }
            return .ok(.init(now: RFC3339.string(clock.now())))
        }
    }

    func drainTestClock(_ input: Operations.DrainTestClock.Input) async throws -> Operations.DrainTestClock.Output {
        try await answeringPlatform { _ in
            _ = try movableClock()
            let report = try await drain.run()
            return .ok(
                .init(
                    now: report.now,
                    timersFired: Int64(report.timersFired),
                    deliveriesSettled: Int64(report.deliveriesSettled),
                    incomplete: report.incomplete
                )
            )
        }
    }

    /// The longest single move of the test clock: ten years (of 365.25 days).
    static let longestAdvance: Int64 = 315_576_000

    static func refusal(_ error: ClockError, earlier: String) -> String {
        switch error {
        case .backwards: earlier
        case .pastEnd: "must not move the clock past the year 9999"
        }
    }

    /// The test clock; the paths are not routed without one, so this only guards a misuse.
    private func movableClock() throws(ErrorBody) -> ManualBusinessClock {
        guard let testClock else { throw ErrorBody.unimplemented("the test clock exists only in test mode") }
        return testClock
    }
}

/// ``answering(_:)`` for the platform's cross-tenant operations: the caller is authenticated and admitted
/// by the guard, and each item names its own tenant.
private func answeringPlatform<Output: DocumentedErrorAnswer>(_ work: (Logger) async throws -> Output) async throws -> Output {
    guard let scope = RequestScope.current else { return .failure(.unauthenticatedCaller) }
    do {
        return try await work(scope.logger)
    } catch let error as ErrorBody {
        return .failure(error)
    }
}

extension Components.Schemas.DeadLetter {
    init(_ letter: DeadLetters.Letter) {
        self.init(
            tenantId: letter.tenantId,
            eventId: letter.eventId,
            subscriber: letter.subscriber,
            _type: letter.type,
            subject: .init(kind: letter.subject.kind, id: letter.subject.id),
            attempts: Int64(letter.attempts),
            lastStatus: letter.lastStatus.map(Int64.init),
            lastError: letter.lastError,
            lastAttemptAt: letter.lastAttemptAt
        )
    }
}
