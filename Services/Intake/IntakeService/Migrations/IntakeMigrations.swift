import ServiceKit

/// Intake's schema, in order, one file per migration; ServiceKit's platform migrations run ahead of these.
/// Before the first release migrations may still be edited (a development database is recreated); after
/// it they are append-only (DESIGN §6).
enum IntakeMigrations {
    static let all: [Migration] = [
        createCases, createTenants, createMerchantDirectory, createCaseTimeline, completeCases, caseRepairRecords, caseDashboards,
    ]
}
