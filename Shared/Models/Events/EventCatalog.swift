/// Every event type of the platform, and who consumes which (DESIGN §6). Only the subscribers' base URLs
/// come from configuration; what goes where is decided here, in code, and documented in `CATALOG.md`.
public enum EventCatalog {
    /// Every payload type at every version still in use.
    public static let payloadTypes: [any EventPayload.Type] = [
        CaseRegistered.self,
        CaseQueuedForMerchant.self,
        CaseAcknowledgedByMerchant.self,
        MerchantResponseOverdue.self,
    ]

    /// Which service consumes which event types (`EventSink/Deliver`).
    public static let subscriptions: [String: Set<String>] = [
        "dispatch": [CaseRegistered.type],
        "intake": [CaseQueuedForMerchant.type, CaseAcknowledgedByMerchant.type, MerchantResponseOverdue.type],
    ]

    /// The payload type of `type` at `version`, nil when the catalog has none.
    public static func payloadType(_ type: String, version: Int) -> (any EventPayload.Type)? {
        payloadTypes.first { $0.type == type && $0.schemaVersion == version }
    }

    /// The services an event of `type` goes to, in a stable order.
    public static func subscribers(of type: String) -> [String] {
        subscriptions.filter { $0.value.contains(type) }.map(\.key).sorted()
    }

    /// The services that `producer`'s events go to.
    public static func subscribers(ofProducer producer: String) -> [String] {
        Set(payloadTypes.filter { $0.producer == producer }.flatMap { subscribers(of: $0.type) }).sorted()
    }
}
