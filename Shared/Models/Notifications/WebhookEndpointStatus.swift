/// Whether a merchant's webhook endpoint receives deliveries.
public enum WebhookEndpointStatus: String, WireEnum, Hashable {
    case active
    case disabled
}

/// Event type names as the event catalog writes them (DESIGN §9): dotted lower_snake, `case.registered`.
public enum EventTypeName {
    /// Whether `name` is a well-formed event type (`case.registered`) or a family wildcard (`case.*`).
    public static func isValidSubscription(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, name.count <= 100 else { return false }
        for (index, part) in parts.enumerated() {
            if part == "*" && index == parts.count - 1 && index > 0 { continue }
            guard let first = part.first, first.isASCII, first.isLowercase,
                part.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
            else { return false }
        }
        return true
    }
}
