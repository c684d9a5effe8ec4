public import Models

/// Who may call one operation, and whether it changes anything (DESIGN §5). Each service declares these
/// next to its handlers; the runtime refuses to start when a routed operation has none, so an operation
/// can never be open by omission.
public struct OperationAccess: Sendable {
    /// Roles admitted; a caller holding none of them is refused with permission_denied.
    public let admits: Set<Role>
    /// Mutations honour `Idempotency-Key`.
    public let mutates: Bool

    /// A side-effect-free operation.
    public static func reads(_ roles: Set<Role>) -> Self { Self(admits: roles, mutates: false) }
    /// An operation with effects.
    public static func mutates(_ roles: Set<Role>) -> Self { Self(admits: roles, mutates: true) }
}

/// The access table of a service: operation name (the method, `CreateCase`) → its access.
public typealias AccessTable = [String: OperationAccess]
