public import Foundation

/// Parts' events (rules.md §2(f)): a requisition's and a purchase request's progress — which Repairs
/// follows to move a promised completion — a late delivery chased, a reservation's life, stock fallen below
/// its safety level, a replaced part that failed.

/// A parts requisition changed status; `expectedArrival` is the supplier's date once it is ordered.
public struct RequisitionChanged: EventPayload {
    public static let type = "parts.requisition_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "requisition"
    public static let producer = "parts"
    public static let summary = "A parts requisition was requested, verified, rejected, ordered (with the expected arrival), received or cancelled."
    public static var example: Self {
        Self(
            requisitionID: PartsExample.requisitionID,
            partID: PartsExample.partID,
            quantity: 1,
            status: .ordered,
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            purchaseRequestID: PartsExample.purchaseRequestID,
            expectedArrival: HandoffExample.dueAt
        )
    }

    public let requisitionID: UUID
    public let partID: UUID
    public let quantity: Int
    public let status: RequisitionStatus
    public let repairOrderID: UUID?
    public let caseID: UUID?
    public let purchaseRequestID: UUID?
    public let expectedArrival: Date?

    public init(
        requisitionID: UUID,
        partID: UUID,
        quantity: Int,
        status: RequisitionStatus,
        repairOrderID: UUID?,
        caseID: UUID?,
        purchaseRequestID: UUID?,
        expectedArrival: Date?
    ) {
        self.requisitionID = requisitionID
        self.partID = partID
        self.quantity = quantity
        self.status = status
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.purchaseRequestID = purchaseRequestID
        self.expectedArrival = expectedArrival
    }

    enum CodingKeys: String, CodingKey { case requisitionId, partId, quantity, status, repairOrderId, caseId, purchaseRequestId, expectedArrival }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requisitionID = try c.decodeWireUUID(forKey: .requisitionId)
        partID = try c.decodeWireUUID(forKey: .partId)
        quantity = try c.decode(Int.self, forKey: .quantity)
        status = try c.decode(RequisitionStatus.self, forKey: .status)
        repairOrderID = try c.decodeWireUUIDIfPresent(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        purchaseRequestID = try c.decodeWireUUIDIfPresent(forKey: .purchaseRequestId)
        expectedArrival = try c.decodeRFC3339IfPresent(forKey: .expectedArrival)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requisitionID.wireText, forKey: .requisitionId)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(repairOrderID?.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(purchaseRequestID?.wireText, forKey: .purchaseRequestId)
        try c.encodeIfPresent(expectedArrival.map(RFC3339.string), forKey: .expectedArrival)
    }
}

/// One part of a purchase request: ordered and received so far.
public struct PurchaseLineState: Codable, Sendable, Equatable {
    public let partID: UUID
    public let quantity: Int
    public let received: Int

    public init(partID: UUID, quantity: Int, received: Int) {
        self.partID = partID
        self.quantity = quantity
        self.received = received
    }

    enum CodingKeys: String, CodingKey { case partId, quantity, received }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partID = try c.decodeWireUUID(forKey: .partId)
        quantity = try c.decode(Int.self, forKey: .quantity)
        received = try c.decode(Int.self, forKey: .received)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(received, forKey: .received)
    }
}

/// A purchase request was submitted, received (in part or in full), rescheduled or cancelled.
public struct PurchaseChanged: EventPayload {
    public static let type = "parts.purchase_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "purchase_request"
    public static let producer = "parts"
    public static let summary =
        "A purchase request to a supplier was submitted, received in part or in full, rescheduled or cancelled; expectedArrival is the supplier's date."
    public static var example: Self {
        Self(
            purchaseRequestID: PartsExample.purchaseRequestID,
            supplierID: PartsExample.supplierID,
            status: .partiallyReceived,
            expectedArrival: HandoffExample.dueAt,
            requisitionIDs: [PartsExample.requisitionID],
            lines: [PurchaseLineState(partID: PartsExample.partID, quantity: 3, received: 1)]
        )
    }

    public let purchaseRequestID: UUID
    public let supplierID: UUID
    public let status: PurchaseStatus
    public let expectedArrival: Date
    public let requisitionIDs: [UUID]
    public let lines: [PurchaseLineState]

    public init(
        purchaseRequestID: UUID,
        supplierID: UUID,
        status: PurchaseStatus,
        expectedArrival: Date,
        requisitionIDs: [UUID],
        lines: [PurchaseLineState]
    ) {
        self.purchaseRequestID = purchaseRequestID
        self.supplierID = supplierID
        self.status = status
        self.expectedArrival = expectedArrival
        self.requisitionIDs = requisitionIDs
        self.lines = lines
    }

    enum CodingKeys: String, CodingKey { case purchaseRequestId, supplierId, status, expectedArrival, requisitionIds, lines }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        purchaseRequestID = try c.decodeWireUUID(forKey: .purchaseRequestId)
        supplierID = try c.decodeWireUUID(forKey: .supplierId)
        status = try c.decode(PurchaseStatus.self, forKey: .status)
        expectedArrival = try c.decodeRFC3339(forKey: .expectedArrival)
        requisitionIDs = try c.decodeWireUUIDs(forKey: .requisitionIds)
        lines = try c.decode([PurchaseLineState].self, forKey: .lines)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(purchaseRequestID.wireText, forKey: .purchaseRequestId)
        try c.encode(supplierID.wireText, forKey: .supplierId)
        try c.encode(status, forKey: .status)
        try c.encode(RFC3339.string(expectedArrival), forKey: .expectedArrival)
        try c.encode(requisitionIDs.map(\.wireText), forKey: .requisitionIds)
        try c.encode(lines, forKey: .lines)
    }
}

/// A supplier's delivery passed its expected arrival without everything received: purchasing chases the
/// supplier, and chases again at `dueAt` (rules.md §2(f) 7, WS-15: a late part may move the promise).
public struct DeliveryOverdue: EventPayload {
    public static let type = "parts.delivery_overdue"
    public static let schemaVersion = 1
    public static let subjectKind = "purchase_request"
    public static let producer = "parts"
    public static let summary = "A purchase request passed its expected arrival with goods outstanding; the supplier is chased, again at dueAt."
    public static var example: Self {
        Self(
            purchaseRequestID: PartsExample.purchaseRequestID,
            supplierID: PartsExample.supplierID,
            expectedArrival: HandoffExample.dueAt,
            chaseNumber: 1,
            dueAt: HandoffExample.dueAt.addingTimeInterval(86_400),
            requisitionIDs: [PartsExample.requisitionID]
        )
    }

    public let purchaseRequestID: UUID
    public let supplierID: UUID
    public let expectedArrival: Date
    /// 1 for the first chase.
    public let chaseNumber: Int
    /// When the supplier is chased next.
    public let dueAt: Date
    public let requisitionIDs: [UUID]

    public init(purchaseRequestID: UUID, supplierID: UUID, expectedArrival: Date, chaseNumber: Int, dueAt: Date, requisitionIDs: [UUID]) {
        self.purchaseRequestID = purchaseRequestID
        self.supplierID = supplierID
        self.expectedArrival = expectedArrival
        self.chaseNumber = chaseNumber
        self.dueAt = dueAt
        self.requisitionIDs = requisitionIDs
    }

    enum CodingKeys: String, CodingKey { case purchaseRequestId, supplierId, expectedArrival, chaseNumber, dueAt, requisitionIds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        purchaseRequestID = try c.decodeWireUUID(forKey: .purchaseRequestId)
        supplierID = try c.decodeWireUUID(forKey: .supplierId)
        expectedArrival = try c.decodeRFC3339(forKey: .expectedArrival)
        chaseNumber = try c.decode(Int.self, forKey: .chaseNumber)
        dueAt = try c.decodeRFC3339(forKey: .dueAt)
        requisitionIDs = try c.decodeWireUUIDs(forKey: .requisitionIds)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(purchaseRequestID.wireText, forKey: .purchaseRequestId)
        try c.encode(supplierID.wireText, forKey: .supplierId)
        try c.encode(RFC3339.string(expectedArrival), forKey: .expectedArrival)
        try c.encode(chaseNumber, forKey: .chaseNumber)
        try c.encode(RFC3339.string(dueAt), forKey: .dueAt)
        try c.encode(requisitionIDs.map(\.wireText), forKey: .requisitionIds)
    }
}

enum PartsExample {
    static let partID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f1")!
    static let requisitionID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f2")!
    static let purchaseRequestID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f3")!
    static let supplierID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f4")!
    static let locationID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f5")!
    static let reservationID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f6")!
    static let replacementID = UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000f7")!
}
