import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// An exchange settled against its replacement (LG-07): the price difference, the payment that settles it,
/// and the replacement's shipment once it may ship.
struct Exchange: Sendable, Equatable, Codable {
    enum Status: String, Sendable, Codable {
        case awaitingPayment = "awaiting_payment"
        case readyToShip = "ready_to_ship"
        case shipped
    }

    struct Replacement: Sendable, Equatable, Codable {
        var name: String
        var model: String?
    }

    var returnRequestID: UUID
    var caseID: UUID
    var orderNumber: String?
    var replacement: Replacement
    var pricePaid: Money
    var replacementPrice: Money
    var paymentID: UUID?
    var status: Status
    var shipment: ReturnShipment?

    /// + paid back to the customer, − charged to them.
    var priceDifference: Money {
        Money(currency: pricePaid.currency, amountMinor: pricePaid.amountMinor - replacementPrice.amountMinor)
    }
}

/// Exchanges' SQL, and the once-per-order question (LG-14).
struct ExchangeStore {
    let ledger: LedgerStore

    init(_ ledger: LedgerStore) { self.ledger = ledger }

    func insert(_ exchange: Exchange, at now: Date) async throws -> Bool {
        let replacement = String(decoding: try WireJSON.encoder.encode(exchange.replacement), as: UTF8.self)
        let rows = try await ledger.connection.query(
            """
            INSERT INTO exchanges (tenant_id, return_request_id, case_id, order_number, replacement, currency, price_paid_minor,
                                   replacement_price_minor, payment_id, status, created_at, updated_at)
            VALUES (\(ledger.tenant.uuid), \(exchange.returnRequestID), \(exchange.caseID), \(exchange.orderNumber), \(replacement)::jsonb,
                    \(exchange.pricePaid.currency), \(exchange.pricePaid.amountMinor), \(exchange.replacementPrice.amountMinor),
                    \(exchange.paymentID), \(exchange.status.rawValue), \(now), \(now))
            ON CONFLICT (tenant_id, return_request_id) DO NOTHING RETURNING case_id
            """,
            logger: ledger.logger
        )
        for try await _ in rows { return true }
        return false
    }

    func find(_ requestID: UUID, locked: Bool = false) async throws -> Exchange? {
        try await select(
            "SELECT \(unescaped: Self.columns) FROM exchanges WHERE tenant_id = \(ledger.tenant.uuid) AND return_request_id = \(requestID) \(unescaped: locked ? "FOR UPDATE" : "")"
        ).first
    }

    func exchanges(ofCase caseID: UUID) async throws -> [Exchange] {
        try await select(
            "SELECT \(unescaped: Self.columns) FROM exchanges WHERE tenant_id = \(ledger.tenant.uuid) AND case_id = \(caseID) ORDER BY created_at"
        )
    }

    /// The charge of the difference was collected: the replacement may ship.
    func chargeCollected(_ requestID: UUID, at now: Date) async throws {
        try await ledger.connection.query(
            """
            UPDATE exchanges SET status = 'ready_to_ship', updated_at = \(now)
            WHERE tenant_id = \(ledger.tenant.uuid) AND return_request_id = \(requestID) AND status = 'awaiting_payment'
            """,
            logger: ledger.logger
        )
    }

    func shipped(_ requestID: UUID, _ shipment: ReturnShipment, at now: Date) async throws {
        let text = String(decoding: try WireJSON.encoder.encode(shipment), as: UTF8.self)
        try await ledger.connection.query(
            """
            UPDATE exchanges SET status = 'shipped', shipment = \(text)::jsonb, updated_at = \(now)
            WHERE tenant_id = \(ledger.tenant.uuid) AND return_request_id = \(requestID)
            """,
            logger: ledger.logger
        )
    }

    /// Whether the order already has a return or an exchange (LG-14) other than `excluding`: an exchange
    /// settled on it, or a return-and-refund or exchange request on it that is still going or went through
    /// (not withdrawn, lapsed or refused). The caller holds ``lockOrder(_:)``.
    func orderAlreadyReturned(_ orderNumber: String, excluding requestID: UUID?) async throws -> Bool {
        let rows = try await ledger.connection.query(
            """
            SELECT EXISTS (
                SELECT 1 FROM exchanges
                WHERE tenant_id = \(ledger.tenant.uuid) AND order_number = \(orderNumber)
                  AND (\(requestID)::uuid IS NULL OR return_request_id <> \(requestID))
            ) OR EXISTS (
                SELECT 1 FROM return_requests r JOIN case_directory c ON c.tenant_id = r.tenant_id AND c.case_id = r.case_id
                WHERE r.tenant_id = \(ledger.tenant.uuid) AND c.order_number = \(orderNumber)
                  AND (\(requestID)::uuid IS NULL OR r.id <> \(requestID))
                  AND r.type IN ('return_and_refund', 'exchange') AND r.status NOT IN ('withdrawn', 'user_overdue', 'refused')
            )
            """,
            logger: ledger.logger
        )
        for try await done in rows.decode(Bool.self) { return done }
        return false
    }

    /// Serialises returns and exchanges of one order until the transaction ends, so two requests filed at
    /// once cannot both pass the once-per-order check.
    func lockOrder(_ orderNumber: String) async throws {
        let key = "\(ledger.tenant.description)/\(orderNumber)"
        try await ledger.connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: ledger.logger)
    }

    static let columns = """
        return_request_id, case_id, order_number, replacement::text, currency::text, price_paid_minor, replacement_price_minor,
        payment_id, status, shipment::text
        """

    private func select(_ query: PostgresQuery) async throws -> [Exchange] {
        var found: [Exchange] = []
        let rows = try await ledger.connection.query(query, logger: ledger.logger)
        for try await (request, caseID, order, replacement, currency, paid, price, payment, status, shipment) in rows.decode(
            (UUID, UUID, String?, String, String, Int64, Int64, UUID?, String, String?).self
        ) {
            guard let status = Exchange.Status(rawValue: status) else { throw StoredValueError(table: "exchanges", id: request) }
            found.append(
                Exchange(
                    returnRequestID: request,
                    caseID: caseID,
                    orderNumber: order,
                    replacement: try WireJSON.decoder.decode(Exchange.Replacement.self, from: Data(replacement.utf8)),
                    pricePaid: Money(currency: currency, amountMinor: paid),
                    replacementPrice: Money(currency: currency, amountMinor: price),
                    paymentID: payment,
                    status: status,
                    shipment: try shipment.map { try WireJSON.decoder.decode(ReturnShipment.self, from: Data($0.utf8)) }
                )
            )
        }
        return found
    }
}
