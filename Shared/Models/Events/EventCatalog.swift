/// Every event type of the platform, and who consumes which (DESIGN §6; the subscriptions are a column of
/// ``PlatformDirectory``). Only the subscribers' base URLs come from configuration; what goes where is
/// decided in code, and documented in `CATALOG.md`.
public enum EventCatalog {
    /// Every payload type at every version still in use.
    public static let payloadTypes: [any EventPayload.Type] = [
        CaseRegistered.self,
        CaseContactRecorded.self,
        CaseUpdated.self,
        CaseCancelled.self,
        CaseDecisionRevised.self,
        CaseQueuedForMerchant.self,
        CaseAcknowledgedByMerchant.self,
        MerchantResponseOverdue.self,
        TenantSettingsChanged.self,
        PolicyChanged.self,
        MerchantRegistered.self,
        MerchantUpdated.self,
        MerchantSuspended.self,
        MerchantReinstated.self,
        InspectionRecorded.self,
        ResolutionProposed.self,
        ResolutionAgreed.self,
        CaseEscalated.self,
        CaseChased.self,
        CaseHandedBack.self,
        ClaimRejected.self,
        ItemShippedBack.self,
        ReturnRequestChanged.self,
        RefundPaid.self,
        RefundApproved.self,
        RepairOrderChanged.self,
        RepairPartsRequested.self,
        RepairPartsSettled.self,
        RepairDeadlineDue.self,
        RepairRecorded.self,
        RepairTimerExpired.self,
        RepairAppointmentChanged.self,
        RepairAppointmentDue.self,
        RequisitionChanged.self,
        PurchaseChanged.self,
        DeliveryOverdue.self,
        ReservationChanged.self,
        StockBelowSafety.self,
        PartFailed.self,
        WebhookEndpointDisabled.self,
        WebhookTestSent.self,
    ]

    /// Which service consumes which event types (`EventSink/Deliver`), from ``PlatformDirectory``.
    public static var subscriptions: [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: PlatformDirectory.services.map { ($0.name, $0.subscribes) })
    }

    /// The payload type of `type` at `version`, nil when the catalog has none.
    public static func payloadType(_ type: String, version: Int) -> (any EventPayload.Type)? {
        payloadTypes.first { $0.type == type && $0.schemaVersion == version }
    }

    /// The services an event of `type` goes to, in a stable order.
    public static func subscribers(of type: String) -> [String] {
        subscribersByType[type] ?? []
    }

    /// Read on every append: computed once.
    private static let subscribersByType: [String: [String]] = Dictionary(
        grouping: PlatformDirectory.services.flatMap { service in service.subscribes.map { (type: $0, service: service.name) } },
        by: \.type
    ).mapValues { $0.map(\.service).sorted() }

    /// The services that `producer`'s events go to.
    public static func subscribers(ofProducer producer: String) -> [String] {
        Set(payloadTypes.filter { $0.producer == producer }.flatMap { subscribers(of: $0.type) }).sorted()
    }
}
