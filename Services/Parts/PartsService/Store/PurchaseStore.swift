import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Purchase requests' SQL: the request and its lines.
struct PurchaseStore {
    func insert(_ p: PurchaseRequest, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO purchase_requests (tenant_id, id, supplier_id, location_id, status, expected_arrival, requisition_ids, chase_count,
                                           created_at, updated_at)
            VALUES (\(tenant.uuid), \(p.id), \(p.supplierID), \(p.locationID), \(p.status.rawValue), \(p.expectedArrival), \(p.requisitionIDs),
                    \(p.chaseCount), \(p.createdAt), \(p.updatedAt))
            """,
            logger: logger
        )
        for (position, line) in p.lines.enumerated() {
            try await connection.query(
                """
                INSERT INTO purchase_lines (tenant_id, purchase_request_id, part_id, position, quantity, received, device_models)
                VALUES (\(tenant.uuid), \(p.id), \(line.partID), \(position), \(line.quantity), \(line.received), \(line.deviceModels))
                """,
                logger: logger
            )
        }
    }

    /// Writes the request's progress and its lines' received counts.
    func update(_ p: PurchaseRequest, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE purchase_requests SET status = \(p.status.rawValue), expected_arrival = \(p.expectedArrival), chase_count = \(p.chaseCount),
                cancelled_reason = \(p.cancelledReason), reschedule_reason = \(p.rescheduleReason), updated_at = \(p.updatedAt)
            WHERE tenant_id = \(tenant.uuid) AND id = \(p.id)
            """,
            logger: logger
        )
        let parts = p.lines.map(\.partID)
        let received = p.lines.map(\.received)
        try await connection.query(
            """
            UPDATE purchase_lines l SET received = r.received
            FROM unnest(\(parts)::uuid[], \(received)::bigint[]) AS r(part_id, received)
            WHERE l.tenant_id = \(tenant.uuid) AND l.purchase_request_id = \(p.id) AND l.part_id = r.part_id
            """,
            logger: logger
        )
    }

    /// One request (locked for a change when `locked`; `nowait` as ``ReservationStore/find(_:locked:nowait:tenant:on:logger:)``).
    func find(
        _ id: UUID,
        locked: Bool,
        nowait: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> PurchaseRequest?
    {
        try await list(id: id, locked: locked, nowait: nowait, tenant: tenant, on: connection, logger: logger).first
    }

    /// Requests in submission order, filtered.
    func list(
        id: UUID? = nil,
        statuses: [PurchaseStatus]? = nil,
        supplierID: UUID? = nil,
        overdueAt: Date? = nil,
        after: UUID? = nil,
        limit: Int = 1,
        locked: Bool = false,
        nowait: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [PurchaseRequest] {
        let statusTexts = statuses?.map(\.rawValue)
        let rows = try await connection.query(
            """
            SELECT id, supplier_id, location_id, status, expected_arrival, requisition_ids, chase_count, cancelled_reason, reschedule_reason,
                   created_at, updated_at
            FROM purchase_requests
            WHERE tenant_id = \(tenant.uuid)
              AND (\(id)::uuid IS NULL OR id = \(id))
              AND (\(statusTexts)::text[] IS NULL OR status = ANY(\(statusTexts)))
              AND (\(supplierID)::uuid IS NULL OR supplier_id = \(supplierID))
              AND (\(overdueAt)::timestamptz IS NULL OR (expected_arrival <= \(overdueAt) AND status IN ('submitted', 'partially_received')))
              AND (\(after)::uuid IS NULL OR id > \(after))
            ORDER BY id LIMIT \(limit)
            \(unescaped: locked ? (nowait ? "FOR UPDATE NOWAIT" : "FOR UPDATE") : "")
            """,
            logger: logger
        )
        var requests: [PurchaseRequest] = []
        for try await row in rows {
            let c = row.makeRandomAccess()
            let id = try c["id"].decode(UUID.self)
            guard let status = PurchaseStatus(rawValue: try c["status"].decode(String.self)) else {
                throw StoredValueError(table: "purchase_requests", id: id)
            }
            requests.append(
                PurchaseRequest(
                    id: id,
                    supplierID: try c["supplier_id"].decode(UUID.self),
                    locationID: try c["location_id"].decode(UUID.self),
                    status: status,
                    expectedArrival: try c["expected_arrival"].decode(Date.self),
                    lines: [],
                    requisitionIDs: try c["requisition_ids"].decode([UUID].self),
                    chaseCount: try c["chase_count"].decode(Int.self),
                    cancelledReason: try c["cancelled_reason"].decode(String?.self),
                    rescheduleReason: try c["reschedule_reason"].decode(String?.self),
                    createdAt: try c["created_at"].decode(Date.self),
                    updatedAt: try c["updated_at"].decode(Date.self)
                )
            )
        }
        guard !requests.isEmpty else { return [] }
        let lines = try await self.lines(of: requests.map(\.id), tenant: tenant, on: connection, logger: logger)
        return requests.map { request in
            var request = request
            request.lines = lines[request.id] ?? []
            return request
        }
    }

    private func lines(
        of ids: [UUID],
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [UUID: [PurchaseRequest.Line]] {
        let rows = try await connection.query(
            """
            SELECT purchase_request_id, part_id, quantity, received, device_models FROM purchase_lines
            WHERE tenant_id = \(tenant.uuid) AND purchase_request_id = ANY(\(ids))
            ORDER BY purchase_request_id, position
            """,
            logger: logger
        )
        var lines: [UUID: [PurchaseRequest.Line]] = [:]
        for try await (request, part, quantity, received, models) in rows.decode((UUID, UUID, Int, Int, [String]).self) {
            lines[request, default: []].append(PurchaseRequest.Line(partID: part, quantity: quantity, received: received, deviceModels: models))
        }
        return lines
    }
}
