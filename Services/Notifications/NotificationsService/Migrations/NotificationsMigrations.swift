import ServiceKit

/// Notifications' schema, in order, one file per migration; ServiceKit's platform migrations run ahead of these.
/// Before the first release migrations may still be edited (a development database is recreated); after
/// it they are append-only (DESIGN §6).
enum NotificationsMigrations {
    static let all: [Migration] = [createWebhookEndpoints, createTenantCalendars, deliverWebhooks, merchantDirectory, customerCare]
}
