import ServiceKit

/// Dispatch's schema, in order, one file per migration; ServiceKit's platform migrations run ahead of these.
/// Before the first release migrations may still be edited (a development database is recreated); after
/// it they are append-only (DESIGN §6).
enum DispatchMigrations {
    static let all: [Migration] = [
        createMerchants, createDispatchCases, createTenantCalendars, completeMerchantRegistry, createMerchantApiKeys,
        routeCasesWithoutMerchant, merchantHandshake, dispatchRuns, deadOnArrival,
    ]
}
