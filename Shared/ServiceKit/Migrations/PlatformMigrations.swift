/// ServiceKit's own tables and functions, which every service has (DESIGN §5, §6): applied ahead of the
/// service's migrations, under names of their own (`platform.0001_…`), so a service numbers its migrations
/// from `0001` and never lists these.
public enum PlatformMigrations {
    public static func all(roles: DatabaseRoles) -> [Migration] {
        [
            TenancyMigration.currentTenantFunction,
            IdempotencyMigration.keysTable(worker: roles.worker),
            EventMigration.tables(worker: roles.worker),
            EventMigration.deliveriesWithoutReference,
        ]
    }
}
