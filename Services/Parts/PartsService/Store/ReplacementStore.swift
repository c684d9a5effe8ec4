import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Which part went into which device (serial) in which repair, and whether it failed there (rules.md §2(f)
/// 6: 配件更换 tracking).
struct Replacement: Sendable, Equatable {
    var id: UUID
    var partID: UUID
    var supplierID: UUID?
    var serial: String
    var repairOrderID: UUID
    var caseID: UUID?
    var reservationID: UUID?
    var installedAt: Date
    var failedAt: Date?
    var failureDescription: String?
}

/// A part's (and supplier's) failures among what was installed.
struct FailureCount: Sendable, Equatable {
    var partID: UUID
    var partNumber: String
    var supplierID: UUID?
    var installed: Int
    var failed: Int
}

/// Replacements' SQL.
struct ReplacementStore {
    func insert(_ r: Replacement, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO replacements (tenant_id, id, part_id, supplier_id, serial, repair_order_id, case_id, reservation_id, installed_at)
            VALUES (\(tenant.uuid), \(r.id), \(r.partID), \(r.supplierID), \(r.serial), \(r.repairOrderID), \(r.caseID), \(r.reservationID),
                    \(r.installedAt))
            """,
            logger: logger
        )
    }

    func recordFailure(_ r: Replacement, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE replacements SET failed_at = \(r.failedAt), failure_description = \(r.failureDescription)
            WHERE tenant_id = \(tenant.uuid) AND id = \(r.id)
            """,
            logger: logger
        )
    }

    /// Replacements newest first, by id, serial, part or repair order.
    func list(
        id: UUID? = nil,
        serial: String? = nil,
        partID: UUID? = nil,
        repairOrderID: UUID? = nil,
        before: UUID? = nil,
        limit: Int = 1,
        locked: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Replacement] {
        let rows = try await connection.query(
            """
            SELECT id, part_id, supplier_id, serial, repair_order_id, case_id, reservation_id, installed_at, failed_at, failure_description
            FROM replacements
            WHERE tenant_id = \(tenant.uuid)
              AND (\(id)::uuid IS NULL OR id = \(id))
              AND (\(serial)::text IS NULL OR serial = \(serial))
              AND (\(partID)::uuid IS NULL OR part_id = \(partID))
              AND (\(repairOrderID)::uuid IS NULL OR repair_order_id = \(repairOrderID))
              AND (\(before)::uuid IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            \(unescaped: locked ? "FOR UPDATE" : "")
            """,
            logger: logger
        )
        var found: [Replacement] = []
        for try await (id, part, supplier, serial, order, caseID, reservation, installed, failed, description) in rows.decode(
            (UUID, UUID, UUID?, String, UUID, UUID?, UUID?, Date, Date?, String?).self
        ) {
            found.append(
                Replacement(
                    id: id,
                    partID: part,
                    supplierID: supplier,
                    serial: serial,
                    repairOrderID: order,
                    caseID: caseID,
                    reservationID: reservation,
                    installedAt: installed,
                    failedAt: failed,
                    failureDescription: description
                )
            )
        }
        return found
    }

    /// Installed and failed counts per part and supplier, for replacements installed in the period.
    func failureCounts(
        partID: UUID?,
        supplierID: UUID?,
        from: Date?,
        to: Date?,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [FailureCount] {
        let rows = try await connection.query(
            """
            SELECT r.part_id, p.part_number, r.supplier_id, count(*)::bigint, count(r.failed_at)::bigint
            FROM replacements r JOIN parts p ON p.tenant_id = r.tenant_id AND p.id = r.part_id
            WHERE r.tenant_id = \(tenant.uuid)
              AND (\(partID)::uuid IS NULL OR r.part_id = \(partID))
              AND (\(supplierID)::uuid IS NULL OR r.supplier_id = \(supplierID))
              AND (\(from)::timestamptz IS NULL OR r.installed_at >= \(from))
              AND (\(to)::timestamptz IS NULL OR r.installed_at < \(to))
            GROUP BY r.part_id, p.part_number, r.supplier_id
            -- Highest rate first (per thousand, rounded half up as FailureRate does) before the limit.
            ORDER BY (count(r.failed_at) * 2000 + count(*)) / (2 * count(*)) DESC, count(*) DESC, r.part_id
            LIMIT 1000
            """,
            logger: logger
        )
        var counts: [FailureCount] = []
        for try await (part, number, supplier, installed, failed) in rows.decode((UUID, String, UUID?, Int, Int).self) {
            counts.append(FailureCount(partID: part, partNumber: number, supplierID: supplier, installed: installed, failed: failed))
        }
        return counts
    }
}
