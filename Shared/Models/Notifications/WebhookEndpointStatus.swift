/// Whether a merchant's webhook endpoint receives deliveries.
public enum WebhookEndpointStatus: String, WireEnum, Hashable {
    case active
    case disabled
}

/// Where a delivery stands: waiting (or retrying), received by the partner (2xx), or given up — a dead
/// letter, past its 3-day window or refused for good — until redriven.
public enum WebhookDeliveryStatus: String, WireEnum, Hashable {
    case pending
    case delivered
    case dead
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
