public import Logging

/// What a request carries into code that has no `RequestContext` — the generated OpenAPI handlers: its id,
/// its logger, the authenticated caller and the mutation's `Idempotency-Key`. Bound once, by
/// ``OperationGuardMiddleware``, before the operation runs; never changed afterwards.
public struct RequestScope: Sendable {
    @TaskLocal public static var current: RequestScope?

    public let requestID: String
    /// Carries the request id on every line.
    public let logger: Logger
    public let principal: Principal
    /// Set on a mutation that carries an `Idempotency-Key`: the transaction of its effect records the answer.
    public let idempotency: IdempotencyClaim?
    /// The client's `Connect-Timeout-Ms`, as an instant: the request's transactions end by then.
    public let deadline: ContinuousClock.Instant?
    /// The peer's IP address, for limits by source; nil when unknown.
    public let source: String?

    public init(
        requestID: String,
        logger: Logger,
        principal: Principal,
        idempotency: IdempotencyClaim? = nil,
        deadline: ContinuousClock.Instant? = nil,
        source: String? = nil
    ) {
        self.requestID = requestID
        self.logger = logger
        self.principal = principal
        self.idempotency = idempotency
        self.deadline = deadline
        self.source = source
    }
}
