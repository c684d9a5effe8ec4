public import Models

/// Who may call one operation, and whether it changes anything (DESIGN §5). Each service declares these
/// next to its handlers; the runtime refuses to start when a routed operation has none, so an operation
/// can never be open by omission.
public struct OperationAccess: Sendable {
    /// Roles admitted; a caller holding none of them is refused with permission_denied.
    public let admits: Set<Role>
    /// Mutations honour `Idempotency-Key`.
    public let mutates: Bool
    /// Called without a token: the operation authenticates its caller itself from what the body presents
    /// (the partner token exchange, where an API key is the credential). Nothing else may be.
    public let anonymous: Bool

    /// A side-effect-free operation.
    public static func reads(_ roles: Set<Role>) -> Self { Self(admits: roles, mutates: false, anonymous: false) }
    /// An operation with effects.
    public static func mutates(_ roles: Set<Role>) -> Self { Self(admits: roles, mutates: true, anonymous: false) }
    /// An operation with effects whose answer carries a secret shown once (a new API key): it is never
    /// recorded for replay, so the operation takes no Idempotency-Key.
    public static func mutatesWithoutReplay(_ roles: Set<Role>) -> Self { Self(admits: roles, mutates: false, anonymous: false) }
    /// An operation whose credential is in its body; its caller reaches it without a bearer token.
    public static let exchangesCredentials = Self(admits: [], mutates: false, anonymous: true)
    /// A document anyone may read without a token (a public key set).
    public static let publicDocument = Self(admits: [], mutates: false, anonymous: true)
}

/// The access table of a service: operation name (the method, `CreateCase`) → its access.
public typealias AccessTable = [String: OperationAccess]
