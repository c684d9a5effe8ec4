public import Foundation
public import PostgresNIO

extension ServiceEnvironment {
    /// One page of a keyset list, read in the caller's tenant: the page size and token checked against the
    /// list (`operation`, the caller's scope and `filter`'s canonical text), `fetch` given the position after
    /// which to read and how many rows (one more than the page, to know whether another follows), and the
    /// next page's token made from the last row's id. The shape every List operation shares.
    public func page<Row: Sendable>(
        _ caller: TenantCaller,
        operation: String,
        filter: String = "",
        pageSize: Int64?,
        pageToken: String?,
        id: (Row) -> UUID,
        _ fetch: @escaping @Sendable (_ after: UUID?, _ limit: Int, PostgresConnection) async throws -> [Row]
    ) async throws -> Page<Row> {
        try await page(caller, operation: operation, filter: filter, pageSize: pageSize, pageToken: pageToken, id: id, key: nil) {
            request,
            limit,
            connection in try await fetch(request.after, limit, connection)
        }
    }

    /// The same for a list ordered by a sort key before the id (a deadline): `fetch` is given the whole
    /// position (the last row's id and key), `key` makes a row's key for the next token.
    public func page<Row: Sendable>(
        _ caller: TenantCaller,
        operation: String,
        filter: String = "",
        pageSize: Int64?,
        pageToken: String?,
        id: (Row) -> UUID,
        key: ((Row) -> String)?,
        _ fetch: @escaping @Sendable (_ position: PageRequest, _ limit: Int, PostgresConnection) async throws -> [Row]
    ) async throws -> Page<Row> {
        let binding = PageBinding(operation: operation, tenant: caller.tenant, merchantScope: caller.merchantScope, filter: filter)
        let request = try pageTokens.request(pageSize: pageSize, pageToken: pageToken, binding: binding).get()
        let fetched = try await read(caller) { connection in try await fetch(request, request.size + 1, connection) }
        return pageTokens.page(fetched: fetched, request: request, binding: binding, id: id, key: key)
    }
}
