public import Foundation
public import Models

/// A merchant's API key as Dispatch keeps it (DESIGN §5): named, expiring, revocable, its last use recorded;
/// the secret itself is never kept (``PartnerApiKeySecret``). Pure: the rules are tested without a database.
public struct MerchantApiKey: Sendable, Equatable {
    public enum Status: String, Sendable {
        case active, expired, revoked
    }

    /// Keys a merchant may hold at once that are neither expired nor revoked: enough to rotate.
    public static let activeLimit = 5
    /// How long a key lives when the admin names no expiry, and at most.
    public static let defaultLifetime: TimeInterval = 90 * 86_400
    public static let longestLifetime: TimeInterval = 365 * 86_400

    public let id: UUID
    public let merchantID: UUID
    public let name: String
    public let hint: String
    public let createdBy: String
    public let createdAt: Date
    public let expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(
        id: UUID,
        merchantID: UUID,
        name: String,
        hint: String,
        createdBy: String,
        createdAt: Date,
        expiresAt: Date,
        revokedAt: Date? = nil,
        lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.merchantID = merchantID
        self.name = name
        self.hint = hint
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether it mints tokens at `now`.
    public func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        return expiresAt > now ? .active : .expired
    }

    /// The expiry a request asks for, checked against `now`: absent is ``defaultLifetime`` from now.
    public static func expiry(_ requested: Date?, now: Date) -> Result<Date, ErrorBody> {
        guard let requested else { return .success(now.addingTimeInterval(defaultLifetime)) }
        guard requested > now else { return .failure(.invalidArgument([FieldViolation(field: "expiresAt", reason: "must be in the future")])) }
        guard requested.timeIntervalSince(now) <= longestLifetime else {
            return .failure(.invalidArgument([FieldViolation(field: "expiresAt", reason: "must be at most 365 days ahead")]))
        }
        return .success(requested)
    }

    /// Revokes the key at `now`; a key revoked already keeps its first revocation.
    /// - Returns: true when it changed.
    public mutating func revoke(at now: Date) -> Bool {
        guard revokedAt == nil else { return false }
        revokedAt = now
        return true
    }
}
