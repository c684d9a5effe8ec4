import Models
import Synchronization

/// The time zone of each tenant, as its settings say, kept for a few seconds so that registering a case
/// does not read the tenant row every time: a change made through this process is seen at once (it
/// forgets the entry), one made through another replica within `lifetime`.
final class TenantZones: Sendable {
    struct Entry {
        /// nil: the tenant was never provisioned (the deployment's default zone applies).
        let zone: String?
        let until: ContinuousClock.Instant
    }

    static let lifetime: Duration = .seconds(5)
    static let capacity = 10_000
    private let entries = Mutex<[TenantID: Entry]>([:])

    /// The cached zone (`.some(nil)` = cached as not provisioned), nil when absent or stale.
    func cached(_ tenant: TenantID) -> String?? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[tenant], entry.until > now else { return nil }
            return .some(entry.zone)
        }
    }

    func remember(_ tenant: TenantID, zone: String?) {
        let until = ContinuousClock.now + Self.lifetime
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[tenant] = Entry(zone: zone, until: until)
        }
    }

    func forget(_ tenant: TenantID) {
        _ = entries.withLock { $0.removeValue(forKey: tenant) }
    }
}
