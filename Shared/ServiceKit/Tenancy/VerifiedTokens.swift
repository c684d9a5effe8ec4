import Foundation
import Synchronization

/// Tokens already verified, with their principal, each until its `exp` (plus the accepted skew): a repeated
/// call with the same token skips the signature check. Bounded: at capacity the expired entries go, and if
/// that frees nothing, all of them (the next calls verify again — correct, only slower).
final class VerifiedTokens: Sendable {
    private struct Entry {
        let principal: Principal
        let validUntil: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The principal of `token` when it was verified and is still within its validity at `now`.
    func principal(for token: String, at now: Date) -> Principal? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.validUntil > now else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    func remember(_ token: String, _ principal: Principal, until validUntil: Date, at now: Date) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.validUntil > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = Entry(principal: principal, validUntil: validUntil)
        }
    }

    func removeAll() { entries.withLock { $0.removeAll() } }

    var count: Int { entries.withLock { $0.count } }
}
