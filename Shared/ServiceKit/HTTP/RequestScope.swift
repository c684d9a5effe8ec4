public import Logging
public import Models
import Synchronization

/// What a request carries into code that has no `RequestContext` — the generated OpenAPI handlers: the
/// logger (with the request id) and the caller's identity. Bound task-locally for the request's duration.
public struct RequestScope: Sendable {
    @TaskLocal public static var current: RequestScope?

    public let requestID: String
    public let logger: Logger
    /// The authenticated caller; nil on platform paths that need none (health, metrics, contract).
    public let principal: Principal?
    /// Filled by the error mappers, read by the request log and metrics: the canonical code of the answer.
    public let outcome: Outcome
    /// Set on a mutation that carries an `Idempotency-Key`: the transaction of its effect records the answer.
    public let idempotency: IdempotencyClaim?

    public init(
        requestID: String, logger: Logger, principal: Principal?, outcome: Outcome = Outcome(),
        idempotency: IdempotencyClaim? = nil
    ) {
        self.requestID = requestID
        self.logger = logger
        self.principal = principal
        self.outcome = outcome
        self.idempotency = idempotency
    }

    /// The canonical code an answer carried (`ok` unless an error mapper recorded one).
    /// Also carries the idempotent answer's stored bytes, which the guard sends instead of a re-encoding.
    public final class Outcome: Sendable {
        private let code = Mutex<ErrorCode?>(nil)
        private let answer = Mutex<StoredAnswer?>(nil)
        public init() {}
        public func record(_ code: ErrorCode) { self.code.withLock { $0 = code } }
        public var errorCode: ErrorCode? { code.withLock { $0 } }
        public func record(_ answer: StoredAnswer) { self.answer.withLock { $0 = answer } }
        public var storedAnswer: StoredAnswer? { answer.withLock { $0 } }
    }
}
