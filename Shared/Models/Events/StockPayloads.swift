public import Foundation

/// Parts' stock events: a reservation's life, stock fallen below its safety level, a replaced part that
/// failed in the device it went into (rules.md §2(f) 4–6).

/// A reservation for a repair order was held, released, consumed or expired.
public struct ReservationChanged: EventPayload {
    public static let type = "parts.reservation_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "reservation"
    public static let producer = "parts"
    public static let summary = "Parts held for a repair order were reserved, released, consumed into a device, or expired unconsumed at expiresAt."
    public static var example: Self {
        Self(
            reservationID: PartsExample.reservationID,
            partID: PartsExample.partID,
            locationID: PartsExample.locationID,
            quantity: 1,
            status: .consumed,
            repairOrderID: ResolutionExample.repairOrderID,
            caseID: HandoffExample.caseID,
            expiresAt: HandoffExample.dueAt,
            replacementID: PartsExample.replacementID
        )
    }

    public let reservationID: UUID
    public let partID: UUID
    public let locationID: UUID
    public let quantity: Int
    public let status: ReservationStatus
    public let repairOrderID: UUID
    public let caseID: UUID?
    public let expiresAt: Date
    /// The replacement recorded when the part was consumed into a device.
    public let replacementID: UUID?

    public init(
        reservationID: UUID,
        partID: UUID,
        locationID: UUID,
        quantity: Int,
        status: ReservationStatus,
        repairOrderID: UUID,
        caseID: UUID?,
        expiresAt: Date,
        replacementID: UUID?
    ) {
        self.reservationID = reservationID
        self.partID = partID
        self.locationID = locationID
        self.quantity = quantity
        self.status = status
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.expiresAt = expiresAt
        self.replacementID = replacementID
    }

    enum CodingKeys: String, CodingKey { case reservationId, partId, locationId, quantity, status, repairOrderId, caseId, expiresAt, replacementId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reservationID = try c.decodeWireUUID(forKey: .reservationId)
        partID = try c.decodeWireUUID(forKey: .partId)
        locationID = try c.decodeWireUUID(forKey: .locationId)
        quantity = try c.decode(Int.self, forKey: .quantity)
        status = try c.decode(ReservationStatus.self, forKey: .status)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        expiresAt = try c.decodeRFC3339(forKey: .expiresAt)
        replacementID = try c.decodeWireUUIDIfPresent(forKey: .replacementId)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reservationID.wireText, forKey: .reservationId)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encode(locationID.wireText, forKey: .locationId)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(status, forKey: .status)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encode(RFC3339.string(expiresAt), forKey: .expiresAt)
        try c.encodeIfPresent(replacementID?.wireText, forKey: .replacementId)
    }
}

/// Stock of a part at a location fell below its safety level (安全库存, SH-16): a reorder is suggested.
public struct StockBelowSafety: EventPayload {
    public static let type = "parts.stock_below_safety"
    public static let schemaVersion = 1
    public static let subjectKind = "part"
    public static let producer = "parts"
    public static let summary =
        "Available stock of a part at a location fell below its safety level; suggestedReorder brings available plus on order up to twice that level."
    public static var example: Self {
        Self(partID: PartsExample.partID, locationID: PartsExample.locationID, available: 1, onOrder: 0, safetyStock: 2, suggestedReorder: 3)
    }

    public let partID: UUID
    public let locationID: UUID
    public let available: Int
    public let onOrder: Int
    public let safetyStock: Int
    public let suggestedReorder: Int

    public init(partID: UUID, locationID: UUID, available: Int, onOrder: Int, safetyStock: Int, suggestedReorder: Int) {
        self.partID = partID
        self.locationID = locationID
        self.available = available
        self.onOrder = onOrder
        self.safetyStock = safetyStock
        self.suggestedReorder = suggestedReorder
    }

    enum CodingKeys: String, CodingKey { case partId, locationId, available, onOrder, safetyStock, suggestedReorder }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partID = try c.decodeWireUUID(forKey: .partId)
        locationID = try c.decodeWireUUID(forKey: .locationId)
        available = try c.decode(Int.self, forKey: .available)
        onOrder = try c.decode(Int.self, forKey: .onOrder)
        safetyStock = try c.decode(Int.self, forKey: .safetyStock)
        suggestedReorder = try c.decode(Int.self, forKey: .suggestedReorder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encode(locationID.wireText, forKey: .locationId)
        try c.encode(available, forKey: .available)
        try c.encode(onOrder, forKey: .onOrder)
        try c.encode(safetyStock, forKey: .safetyStock)
        try c.encode(suggestedReorder, forKey: .suggestedReorder)
    }
}

/// A part that went into a device failed there (rules.md §2(f) 6: quality tracking of replaced parts).
public struct PartFailed: EventPayload {
    public static let type = "parts.part_failed"
    public static let schemaVersion = 1
    public static let subjectKind = "replacement"
    public static let producer = "parts"
    public static let summary = "A replaced part failed in the device (serial) it went into; counted in the part's and its supplier's failure rate."
    public static var example: Self {
        Self(
            replacementID: PartsExample.replacementID,
            partID: PartsExample.partID,
            supplierID: PartsExample.supplierID,
            serial: "PF3X9K2A",
            repairOrderID: ResolutionExample.repairOrderID,
            installedAt: HandoffExample.dueAt,
            failedAt: HandoffExample.dueAt.addingTimeInterval(30 * 86_400)
        )
    }

    public let replacementID: UUID
    public let partID: UUID
    public let supplierID: UUID?
    public let serial: String
    public let repairOrderID: UUID
    public let installedAt: Date
    public let failedAt: Date

    public init(replacementID: UUID, partID: UUID, supplierID: UUID?, serial: String, repairOrderID: UUID, installedAt: Date, failedAt: Date) {
        self.replacementID = replacementID
        self.partID = partID
        self.supplierID = supplierID
        self.serial = serial
        self.repairOrderID = repairOrderID
        self.installedAt = installedAt
        self.failedAt = failedAt
    }

    enum CodingKeys: String, CodingKey { case replacementId, partId, supplierId, serial, repairOrderId, installedAt, failedAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replacementID = try c.decodeWireUUID(forKey: .replacementId)
        partID = try c.decodeWireUUID(forKey: .partId)
        supplierID = try c.decodeWireUUIDIfPresent(forKey: .supplierId)
        serial = try c.decode(String.self, forKey: .serial)
        repairOrderID = try c.decodeWireUUID(forKey: .repairOrderId)
        installedAt = try c.decodeRFC3339(forKey: .installedAt)
        failedAt = try c.decodeRFC3339(forKey: .failedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(replacementID.wireText, forKey: .replacementId)
        try c.encode(partID.wireText, forKey: .partId)
        try c.encodeIfPresent(supplierID?.wireText, forKey: .supplierId)
        try c.encode(serial, forKey: .serial)
        try c.encode(repairOrderID.wireText, forKey: .repairOrderId)
        try c.encode(RFC3339.string(installedAt), forKey: .installedAt)
        try c.encode(RFC3339.string(failedAt), forKey: .failedAt)
    }
}
