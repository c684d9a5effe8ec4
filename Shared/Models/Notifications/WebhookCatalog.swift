public import Foundation

/// Which events partners receive through webhooks, and whose they are (DESIGN §6; issue: merchant
/// webhooks). A merchant receives the events about its own records only: its cases, their return
/// requests, refunds and repair orders, its own profile, and its endpoints'. The events carry no customer
/// name, phone or address (the catalog's rule), so a webhook carries the envelope's data unchanged.
public enum WebhookCatalog {
    /// Catalog types that never reach a partner: a tenant's settings and policy (not about one merchant),
    /// the parts desk's stock and purchasing, and the repair ↔ parts hand-over (internal), and the test
    /// delivery (sent only by ``WebhookTestSent``'s operation, never by subscription).
    static let internalTypes: Set<String> = [
        TenantSettingsChanged.type, PolicyChanged.type, RepairPartsRequested.type, RepairPartsSettled.type, WebhookTestSent.type,
        // The customer's contact: for Notifications' messages to the customer, never for partners.
        CaseContactRecorded.type,
    ]

    /// The payload types a merchant may subscribe to, in catalog order.
    public static var deliverablePayloadTypes: [any EventPayload.Type] {
        EventCatalog.payloadTypes.filter { type in type.producer != "parts" && !internalTypes.contains(type.type) }
    }

    /// Their type names.
    public static let deliverableTypes: [String] = uniqueTypes(deliverablePayloadTypes)

    static func uniqueTypes(_ types: [any EventPayload.Type]) -> [String] {
        var names: [String] = []
        for type in types where !names.contains(type.type) { names.append(type.type) }
        return names
    }

    /// What Notifications consumes: every deliverable type but its own (queued where they are made), the
    /// tenants' settings (their calendars) and the customers' contacts (its messages to them).
    public static var subscribedByNotifications: Set<String> {
        var types: Set<String> = [TenantSettingsChanged.type, CaseContactRecorded.type]
        for type in deliverablePayloadTypes where type.producer != "notifications" { types.insert(type.type) }
        return types
    }

    /// Whether `entry` (a type, or a family `case.*`) names at least one deliverable type.
    public static func isSubscribable(_ entry: String) -> Bool {
        deliverableTypes.contains { matches(entry, type: $0) }
    }

    /// Whether the subscription entry `entry` covers events of `type`.
    public static func matches(_ entry: String, type: String) -> Bool {
        if entry.hasSuffix(".*") { return type.hasPrefix(entry.dropLast()) }
        return entry == type
    }

    /// The subscription entries that would cover `type`: the type itself and each family above it
    /// (`repairs.order_changed` → `repairs.order_changed`, `repairs.*`). A store looks endpoints up by these.
    public static func coveringEntries(of type: String) -> [String] {
        var entries = [type]
        var prefix = ""
        for part in type.split(separator: ".").dropLast() {
            prefix += part + "."
            entries.append(prefix + "*")
        }
        return entries
    }

    /// Keys an event's data must never carry to a partner without a rule saying the merchant's step needs
    /// them; a test reads every catalog example against this list.
    public static let customerDetailKeys: Set<String> = [
        "customerName", "customerPhone", "customerAddress", "customerEmail", "phone", "mobile", "address", "email", "contactName",
    ]
}

/// Who an event is about, for webhooks: the merchant named in its data, or the merchant of the record it
/// is about (a merchant event's subject), or — for an event that names only its case — the case's merchant
/// as Notifications last learned it. Pure: the caller looks the case up.
public struct WebhookAttribution: Sendable, Equatable {
    /// `merchantId` of the data, or the subject's id when the subject is a merchant.
    public let merchantID: UUID?
    /// `caseId` of the data, or the subject's id when the subject is a case.
    public let caseID: UUID?

    public init(merchantID: UUID?, caseID: UUID?) {
        self.merchantID = merchantID
        self.caseID = caseID
    }

    /// Reads the attribution of an event from its subject and the top level of its data (JSON object).
    public init(subject: EventSubject, data: [String: Any]) {
        let named = (data["merchantId"] as? String).flatMap(UUID.init(uuidString:))
        merchantID = named ?? (subject.kind == "merchant" ? UUID(uuidString: subject.id) : nil)
        caseID = (data["caseId"] as? String).flatMap(UUID.init(uuidString:)) ?? (subject.kind == "case" ? UUID(uuidString: subject.id) : nil)
    }
}
