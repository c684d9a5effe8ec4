import Foundation
import Models
import Testing

/// The event catalog (DESIGN §6, §9): every payload's envelope has a golden JSON example, decodes back,
/// travels as an `IncomingEvent`, and is documented in CATALOG.md; subscriptions name only catalog types.
@Suite struct EventCatalogTests {
    static let tenant = TenantID("0190e3a0-0000-7000-8000-00000000000a")!
    static let catalogDocument = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Shared/Models/Events/CATALOG.md")

    static func envelope<P: EventPayload>(_ type: P.Type) -> EventEnvelope<P> {
        EventEnvelope(
            id: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000e1")!,
            tenantID: tenant,
            subject: EventSubject(kind: P.subjectKind, id: "019a0c4e-8a00-7000-8000-000000000001"),
            occurredAt: Date(timeIntervalSince1970: 1_773_108_000),
            producer: P.producer,
            data: P.example
        )
    }

    static func check<P: EventPayload>(_ type: P.Type) throws {
        let envelope = envelope(P.self)
        try GoldenTests.compare("events/\(P.type).v\(P.schemaVersion).json", envelope)
        let golden = try Data(contentsOf: GoldenTests.dir.appendingPathComponent("events/\(P.type).v\(P.schemaVersion).json"))
        let decoded = try JSONDecoder().decode(EventEnvelope<P>.self, from: golden)
        #expect(decoded.data == P.example && decoded.id == envelope.id && decoded.occurredAt == envelope.occurredAt)
        let incoming = try JSONDecoder().decode(IncomingEvent.self, from: golden)
        #expect(incoming.payload(as: P.self) == P.example)
        #expect(incoming.header.tenantID == tenant && incoming.header.producer == P.producer)
    }

    @Test func everyPayloadMatchesItsGoldenEnvelope() throws {
        try Self.check(CaseRegistered.self)
        try Self.check(CaseContactRecorded.self)
        try Self.check(CaseUpdated.self)
        try Self.check(CaseCancelled.self)
        try Self.check(CaseDecisionRevised.self)
        try Self.check(CaseQueuedForMerchant.self)
        try Self.check(CaseAcknowledgedByMerchant.self)
        try Self.check(MerchantResponseOverdue.self)
        try Self.check(TenantSettingsChanged.self)
        try Self.check(PolicyChanged.self)
        try Self.check(MerchantRegistered.self)
        try Self.check(MerchantUpdated.self)
        try Self.check(MerchantSuspended.self)
        try Self.check(MerchantReinstated.self)
        try Self.check(InspectionRecorded.self)
        try Self.check(ResolutionProposed.self)
        try Self.check(ResolutionAgreed.self)
        try Self.check(CaseEscalated.self)
        try Self.check(CaseChased.self)
        try Self.check(CaseHandedBack.self)
        try Self.check(ClaimRejected.self)
        try Self.check(ItemShippedBack.self)
        try Self.check(ReturnRequestChanged.self)
        try Self.check(RefundPaid.self)
        try Self.check(RefundApproved.self)
        try Self.check(RepairOrderChanged.self)
        try Self.check(RepairPartsRequested.self)
        try Self.check(RepairPartsSettled.self)
        try Self.check(RepairDeadlineDue.self)
        try Self.check(RepairRecorded.self)
        try Self.check(RepairTimerExpired.self)
        try Self.check(RepairAppointmentChanged.self)
        try Self.check(RepairAppointmentDue.self)
        try Self.check(RequisitionChanged.self)
        try Self.check(PurchaseChanged.self)
        try Self.check(DeliveryOverdue.self)
        try Self.check(ReservationChanged.self)
        try Self.check(StockBelowSafety.self)
        try Self.check(PartFailed.self)
        try Self.check(WebhookEndpointDisabled.self)
        try Self.check(WebhookTestSent.self)
        #expect(EventCatalog.payloadTypes.count == 41, "a new payload type needs its golden check here")
    }

    @Test func theEnvelopeHasTheWireShapeOfDesign9() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.envelope(CaseRegistered.self))) as? [String: Any] ?? [:]
        #expect(Set(json.keys) == ["id", "type", "schemaVersion", "tenantId", "subject", "occurredAt", "producer", "data"])
        #expect(json["type"] as? String == "case.registered" && json["occurredAt"] as? String == "2026-03-10T02:00:00.000Z")
        #expect(json["id"] as? String == "019a0c4e-8a00-7000-8000-0000000000e1", "ids are lowercase on the wire")
    }

    @Test func anUnknownTypeDecodesWithoutAPayload() throws {
        let text =
            #"{"id":"019a0c4e-8a00-7000-8000-0000000000e1","type":"case.teleported","schemaVersion":1,"tenantId":"0190e3a0-0000-7000-8000-00000000000a","subject":{"kind":"case","id":"x"},"occurredAt":"2026-03-10T02:00:00Z","producer":"intake","data":{"anything":[1,2]}}"#
        let incoming = try JSONDecoder().decode(IncomingEvent.self, from: Data(text.utf8))
        #expect(incoming.payload == nil && incoming.header.type == "case.teleported")
    }

    @Test func aNewerVersionOfAKnownTypeIsNotMistakenForTheOld() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.envelope(CaseRegistered.self))) as? [String: Any] ?? [:]
        json["schemaVersion"] = 2
        let incoming = try JSONDecoder().decode(IncomingEvent.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(incoming.payload == nil)
    }

    @Test func subscriptionsNameCatalogTypesAndTheDocumentListsEveryType() throws {
        let known = Set(EventCatalog.payloadTypes.map { $0.type })
        for (service, types) in EventCatalog.subscriptions {
            #expect(types.isSubset(of: known), "\(service) subscribes to an unknown type")
        }
        // Notifications takes every event a merchant may receive by webhook, and nothing internal.
        #expect(EventCatalog.subscribers(of: CaseRegistered.type) == ["dispatch", "notifications", "repairs", "returns"])
        #expect(EventCatalog.subscribers(ofProducer: "dispatch") == ["intake", "notifications", "repairs", "returns"])
        #expect(EventCatalog.subscribers(ofProducer: "repairs") == ["intake", "notifications", "parts"])
        #expect(EventCatalog.subscribers(of: RepairPartsRequested.type) == ["parts"])
        #expect(EventCatalog.subscribers(of: PolicyChanged.type) == [])
        // The customer's contact goes to the service that messages customers, and to no partner.
        #expect(EventCatalog.subscribers(of: CaseContactRecorded.type) == ["notifications"])
        #expect(!WebhookCatalog.deliverableTypes.contains(CaseContactRecorded.type))
        #expect(!WebhookCatalog.isSubscribable("case.contact_recorded"))
        #expect(EventCatalog.subscribers(ofProducer: "parts") == ["repairs"])
        let document = try String(contentsOf: Self.catalogDocument, encoding: .utf8)
        for type in EventCatalog.payloadTypes {
            #expect(document.contains("`\(type.type)`"), "CATALOG.md does not document \(type.type)")
        }
    }

    /// A webhook carries the envelope unchanged: no deliverable type may carry a customer's details
    /// (CATALOG.md, "Webhooks: what partners receive").
    @Test func noDeliverableTypeCarriesCustomerDetails() throws {
        #expect(WebhookCatalog.deliverableTypes.contains(CaseRegistered.type))
        #expect(!WebhookCatalog.deliverableTypes.contains(PolicyChanged.type))
        #expect(!WebhookCatalog.deliverableTypes.contains(StockBelowSafety.type))
        for type in WebhookCatalog.deliverablePayloadTypes {
            let keys = try Self.allKeys(JSONSerialization.jsonObject(with: JSONEncoder().encode(type.example)))
            #expect(
                keys.isDisjoint(with: WebhookCatalog.customerDetailKeys),
                "\(type.type) carries \(keys.intersection(WebhookCatalog.customerDetailKeys))"
            )
        }
    }

    static func allKeys(_ json: Any) -> Set<String> {
        if let object = json as? [String: Any] { return object.reduce(into: Set(object.keys)) { $0.formUnion(allKeys($1.value)) } }
        if let array = json as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(allKeys($1)) } }
        return []
    }
}
