import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Whose requests a caller reads: a merchant those addressed to it, a storefront its customer's; staff all
/// of the tenant's. Another's request is not found (BOLA).
struct ReturnScope: Sendable {
    let merchant: UUID?
    let customer: String?

    static let everything = ReturnScope(merchant: nil, customer: nil)

    init(merchant: UUID?, customer: String?) {
        self.merchant = merchant
        self.customer = customer
    }

    init(_ caller: TenantCaller) {
        let roles = caller.principal.roles
        merchant = caller.merchantScope
        // A storefront token acts for one customer (its subject); staff roles alongside it read everything.
        customer = roles.contains(.storefront) && roles.isSubset(of: [.storefront]) ? caller.principal.subject : nil
    }
}

/// All of Returns' SQL about return requests. Every statement binds its values and runs in a
/// tenant-scoped transaction, so row-level security applies on top of the explicit tenant filter.
struct ReturnRequestStore {
    /// What a request keeps besides its columns.
    struct Details: Codable {
        var evidence: [EvidenceReference]?
        var deadline: RunningDeadline?
        var rejection: MerchantRejection?
        var offer: Money?
        var shipment: ReturnShipment?
        var receipt: ReturnReceipt?
        var review: PlatformReview?
        var refund: RefundDecision?
        var history: [ReturnStep]?

        init(_ r: ReturnRequest) {
            evidence = r.application.evidence
            deadline = r.deadline
            rejection = r.rejection
            offer = r.offer
            shipment = r.shipment
            receipt = r.receipt
            review = r.review
            refund = r.refund
            history = r.history
        }
    }

    /// The statuses of an open request (not final), as an SQL list: the predicate of the one-open-request-per-case
    /// index (migration 0003 writes the same list), which the insert's conflict target must repeat.
    static let openStatuses = ReturnRequestStatus.allCases.filter { !$0.isFinal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static let columns = """
        id, case_id, merchant_id, type, amount_currency::text AS currency, amount_minor, reason, status, created_at, source, customer_ref,
        version, status_entered_at, due_at, details::text AS details, updated_at
        """

    /// Inserts the request; false when the case already has an open one.
    func insert(_ request: ReturnRequest, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let a = request.application
        let details = String(decoding: try WireJSON.encoder.encode(Details(request)), as: UTF8.self)
        let rows = try await connection.query(
            """
            INSERT INTO return_requests (
                tenant_id, id, case_id, merchant_id, type, amount_currency, amount_minor, reason, status, created_at, source, customer_ref,
                version, status_entered_at, due_at, details, updated_at
            ) VALUES (
                \(tenant.uuid), \(request.id), \(a.caseID), \(a.merchantID), \(a.type.rawValue), \(a.amount.currency), \(a.amount.amountMinor),
                \(a.reason), \(request.status.rawValue), \(request.createdAt), \(request.source.rawValue), \(request.customerRef),
                \(request.version), \(request.statusEnteredAt), \(request.deadline?.dueAt), \(details)::jsonb, \(request.updatedAt)
            )
            ON CONFLICT (tenant_id, case_id) WHERE status IN (\(unescaped: Self.openStatuses)) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Writes the request as it now stands; its version was moved on by the caller, under the row's lock.
    func update(_ request: ReturnRequest, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let a = request.application
        let details = String(decoding: try WireJSON.encoder.encode(Details(request)), as: UTF8.self)
        try await connection.query(
            """
            UPDATE return_requests
               SET status = \(request.status.rawValue), amount_currency = \(a.amount.currency), amount_minor = \(a.amount.amountMinor),
                   reason = \(a.reason), version = \(request.version), status_entered_at = \(request.statusEnteredAt),
                   due_at = \(request.deadline?.dueAt), details = \(details)::jsonb, updated_at = \(request.updatedAt)
             WHERE tenant_id = \(tenant.uuid) AND id = \(request.id)
            """,
            logger: logger
        )
    }

    /// The request, if it is in `scope`; locked for a step when `locked`.
    func find(
        _ id: UUID,
        scope: ReturnScope,
        locked: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ReturnRequest? {
        let lock = locked ? "FOR UPDATE" : ""
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM return_requests
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(scope.merchant)::uuid IS NULL OR merchant_id = \(scope.merchant))
              AND (\(scope.customer)::text IS NULL OR customer_ref = \(scope.customer))
            \(unescaped: lock)
            """,
            logger: logger
        )
        for try await row in rows { return try Self.request(row) }
        return nil
    }

    /// A page of requests in `scope`, oldest first, optionally of one status, one case, or waiting on one side.
    func list(
        status: ReturnRequestStatus?,
        statuses: [ReturnRequestStatus]?,
        caseID: UUID?,
        scope: ReturnScope,
        after: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ReturnRequest] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM return_requests
            WHERE tenant_id = \(tenant.uuid) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(statuses?.map(\.rawValue))::text[] IS NULL OR status = ANY(\(statuses?.map(\.rawValue))::text[]))
              AND (\(caseID)::uuid IS NULL OR case_id = \(caseID))
              AND (\(scope.merchant)::uuid IS NULL OR merchant_id = \(scope.merchant))
              AND (\(scope.customer)::text IS NULL OR customer_ref = \(scope.customer))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            """,
            logger: logger
        )
        var requests: [ReturnRequest] = []
        for try await row in rows { requests.append(try Self.request(row)) }
        return requests
    }

    /// The open request of `caseID`, if any (one at a time).
    func openRequest(ofCase caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.query(
            """
            SELECT id FROM return_requests
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND status IN (\(unescaped: Self.openStatuses))
            """,
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    static func request(_ row: PostgresRow) throws -> ReturnRequest {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(UUID.self)
        guard let type = ReturnType(rawValue: try columns["type"].decode(String.self)),
            let status = ReturnRequestStatus(rawValue: try columns["status"].decode(String.self)),
            let source = ReturnSource(rawValue: try columns["source"].decode(String.self))
        else { throw StoredValueError(table: "return_requests", id: id) }
        let details = try WireJSON.decoder.decode(Details.self, from: Data(try columns["details"].decode(String.self).utf8))
        let application = ReturnApplication(
            caseID: try columns["case_id"].decode(UUID.self),
            merchantID: try columns["merchant_id"].decode(UUID.self),
            type: type,
            amount: Money(currency: try columns["currency"].decode(String.self), amountMinor: try columns["amount_minor"].decode(Int64.self)),
            reason: try columns["reason"].decode(String.self),
            evidence: details.evidence ?? []
        )
        var request = ReturnRequest(
            id: id,
            status: status,
            application: application,
            source: source,
            customerRef: try columns["customer_ref"].decode(String?.self),
            createdAt: try columns["created_at"].decode(Date.self)
        )
        request.version = try columns["version"].decode(Int.self)
        request.statusEnteredAt = try columns["status_entered_at"].decode(Date?.self) ?? request.createdAt
        request.updatedAt = try columns["updated_at"].decode(Date?.self) ?? request.createdAt
        request.deadline = details.deadline
        request.rejection = details.rejection
        request.offer = details.offer
        request.shipment = details.shipment
        request.receipt = details.receipt
        request.review = details.review
        request.refund = details.refund
        request.history = details.history ?? []
        return request
    }
}
