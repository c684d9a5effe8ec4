import Foundation
import Logging
import Models
import PostgresNIO
import Synchronization

/// What judging a case needs of its tenant: the settings' calendar and the current policy, each with its
/// version.
struct TenantPolicy: Sendable {
    let settingsVersion: Int
    let calendar: BusinessCalendar
    let timeZone: TimeZone
    let policyVersion: Int
    let policy: PolicyDocument
}

/// Each tenant's ``TenantPolicy``, kept so that registering a case reads neither the tenant row nor the
/// policy: the statement that records the case checks that both versions are still current and records
/// nothing if not (the caller reloads and judges again), so a change made through another replica is never
/// missed — it costs one retry, not a stale judgement.
final class TenantPolicies: Sendable {
    static let capacity = 10_000
    private let entries = Mutex<[TenantID: TenantPolicy]>([:])

    func cached(_ tenant: TenantID) -> TenantPolicy? {
        entries.withLock { $0[tenant] }
    }

    func forget(_ tenant: TenantID) {
        _ = entries.withLock { $0.removeValue(forKey: tenant) }
    }

    /// The tenant's current settings and policy read afresh and remembered; nil when never provisioned.
    /// `locking` holds the tenant row until the transaction ends, so neither can change meanwhile.
    func load(_ tenant: TenantID, locking: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> TenantPolicy? {
        guard let loaded = try await Self.read(tenant, version: nil, locking: locking, on: connection, logger: logger) else {
            forget(tenant)
            return nil
        }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[tenant] = loaded
        }
        return loaded
    }

    /// The tenant's settings with the policy version stamped on a case (a correction and the inspection
    /// judge under it); nil when either is missing. Not cached: it is not the current policy.
    static func stamped(_ version: Int, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> TenantPolicy? {
        try await read(tenant, version: version, locking: false, on: connection, logger: logger)
    }

    private static func read(
        _ tenant: TenantID,
        version: Int?,
        locking: Bool,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> TenantPolicy? {
        let store = TenantStore()
        guard let record = try await store.find(tenant, forUpdate: locking, on: connection, logger: logger),
            let policy = try await store.policy(tenant, version: version, on: connection, logger: logger)
        else { return nil }
        let calendar = record.settings.calendar
        return TenantPolicy(
            settingsVersion: record.settingsVersion,
            calendar: calendar,
            timeZone: TimeZone(identifier: calendar.timeZoneIdentifier) ?? TimeZone(identifier: BusinessCalendar.defaultTimeZoneIdentifier)!,
            policyVersion: policy.version,
            policy: policy.document
        )
    }
}
