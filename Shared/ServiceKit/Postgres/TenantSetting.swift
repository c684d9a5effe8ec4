import Logging
import Models
import PostgresNIO

/// Sets the transaction's tenant for row-level security (DESIGN §5): local to the transaction, so a pooled
/// connection never carries one request's tenant into the next. Prepared once per connection.
struct TenantSetting: PostgresPreparedStatement {
    /// Runs it on `connection`, inside the transaction it scopes.
    static func apply(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        for try await _ in try await connection.execute(TenantSetting(tenant: tenant), logger: logger) {}
    }

    static let name = "aftersales_set_tenant"
    static let sql = "SELECT set_config('app.tenant_id', $1, true)"
    static let bindingDataTypes: [PostgresDataType] = [.text]
    typealias Row = String

    let tenant: TenantID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(tenant.description)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}
