public import Foundation
public import Logging
public import Models
public import PostgresNIO

/// What an event or timer handler works with: the transaction it shares with the inbox record (or the
/// timer's completion), scoped to the event's tenant, and the means to emit events and schedule timers in it.
public struct EventContext: Sendable {
    public let connection: PostgresConnection
    public let tenant: TenantID
    /// The business clock's time when the handler runs.
    public let now: Date
    public let outbox: Outbox
    public let timers: Timers
    public let logger: Logger
}

/// The consumer's handlers, per event type (DESIGN §6). A type with no handler is acknowledged and logged.
public struct EventHandlers: Sendable {
    typealias Handler = @Sendable (IncomingEvent, EventContext) async throws -> Void
    private(set) var handlers: [String: Handler] = [:]

    public init() {}

    /// Handles `P` (its type and version) with `handle(payload, header, context)`.
    public mutating func on<P: EventPayload>(
        _ type: P.Type,
        _ handle: @escaping @Sendable (P, EventHeader, EventContext) async throws -> Void
    ) {
        handlers["\(P.type)@\(P.schemaVersion)"] = { event, context in
            guard let payload = event.payload(as: P.self) else { return }
            try await handle(payload, event.header, context)
        }
    }

    /// Handles `P` with `handle` after the handler it already has, if any, in the same transaction: two
    /// read models of one event type (a service's own and a shared one) both apply it.
    public mutating func also<P: EventPayload>(
        _ type: P.Type,
        _ handle: @escaping @Sendable (P, EventHeader, EventContext) async throws -> Void
    ) {
        let key = "\(P.type)@\(P.schemaVersion)"
        let earlier = handlers[key]
        handlers[key] = { event, context in
            if let earlier { try await earlier(event, context) }
            guard let payload = event.payload(as: P.self) else { return }
            try await handle(payload, event.header, context)
        }
    }

    func handler(for header: EventHeader) -> Handler? { handlers["\(header.type)@\(header.schemaVersion)"] }

    /// The types handled, as `type` (for checking against the catalog's subscriptions).
    public var types: Set<String> { Set(handlers.keys.map { String($0.split(separator: "@")[0]) }) }
}

/// The service's timer handlers, per kind.
public struct TimerHandlers: Sendable {
    typealias Handler = @Sendable (FiredTimer, EventContext) async throws -> Void
    private(set) var handlers: [String: Handler] = [:]

    public init() {}

    public mutating func on(_ kind: String, _ handle: @escaping @Sendable (FiredTimer, EventContext) async throws -> Void) {
        handlers[kind] = handle
    }

    func handler(for kind: String) -> Handler? { handlers[kind] }
}
