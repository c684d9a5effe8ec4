import ServiceKit

extension RepairsMigrations {
    /// Each tenant's time zone and holiday calendar, kept from Intake's `tenant.settings_changed`.
    static let createTenantCalendars = TenantCalendars.migration("0002_create_tenant_calendars")
}
