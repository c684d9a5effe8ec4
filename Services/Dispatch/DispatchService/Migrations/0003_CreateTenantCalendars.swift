import ServiceKit

extension DispatchMigrations {
    /// Each tenant's time zone and holiday calendar, kept from Intake's `tenant.settings_changed`.
    static let createTenantCalendars = TenantCalendars.migration("0003_create_tenant_calendars")
}
