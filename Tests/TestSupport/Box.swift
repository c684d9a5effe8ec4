import Synchronization

/// Carries a value out of a @Sendable test closure.
public final class Box: Sendable {
    private let value = Mutex<String?>(nil)

    public init() {}

    public var caseID: String? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
