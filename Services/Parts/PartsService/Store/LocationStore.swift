import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A place stock is kept: a warehouse, a workshop, a technician's van.
struct StockLocation: Sendable, Equatable {
    var id: UUID
    var code: String
    var name: String
    var kind: LocationKind
    var createdAt: Date
}

/// Stock locations' SQL.
struct LocationStore {
    static let most = 1000

    /// False when the tenant has a location with that code.
    func insert(_ location: StockLocation, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO stock_locations (tenant_id, id, code, name, kind, created_at)
            VALUES (\(tenant.uuid), \(location.id), \(location.code), \(location.name), \(location.kind.rawValue), \(location.createdAt))
            ON CONFLICT (tenant_id, code) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The tenant's locations by code, of one kind or all; `id` picks one.
    func list(
        kind: LocationKind?,
        id: UUID? = nil,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [StockLocation] {
        let rows = try await connection.query(
            """
            SELECT id, code, name, kind, created_at FROM stock_locations
            WHERE tenant_id = \(tenant.uuid) AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
              AND (\(id)::uuid IS NULL OR id = \(id))
            ORDER BY code LIMIT \(Self.most)
            """,
            logger: logger
        )
        var locations: [StockLocation] = []
        for try await (id, code, name, kind, created) in rows.decode((UUID, String, String, String, Date).self) {
            guard let kind = LocationKind(rawValue: kind) else { throw StoredValueError(table: "stock_locations", id: id) }
            locations.append(StockLocation(id: id, code: code, name: name, kind: kind, createdAt: created))
        }
        return locations
    }

    func exists(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await !list(kind: nil, id: id, tenant: tenant, on: connection, logger: logger).isEmpty
    }
}
