public import Foundation
public import Models

/// What the ledger says of one part at one location: on hand, reserved for repair orders, available to
/// reserve, on order from suppliers, and its safety level (安全库存).
public struct StockLevel: Sendable, Equatable {
    public var partID: UUID
    public var locationID: UUID
    public var onHand: Int
    public var reserved: Int
    public var onOrder: Int
    public var safetyStock: Int
    public var safetySource: SafetyStockSource
    public var updatedAt: Date

    public init(
        partID: UUID,
        locationID: UUID,
        onHand: Int,
        reserved: Int,
        onOrder: Int,
        safetyStock: Int,
        safetySource: SafetyStockSource,
        updatedAt: Date
    ) {
        self.partID = partID
        self.locationID = locationID
        self.onHand = onHand
        self.reserved = reserved
        self.onOrder = onOrder
        self.safetyStock = safetyStock
        self.safetySource = safetySource
        self.updatedAt = updatedAt
    }

    public var available: Int { onHand - reserved }
    public var belowSafetyStock: Bool { SafetyStock.isBelow(available: available, level: safetyStock) }
    public var suggestedReorder: Int { SafetyStock.reorder(available: available, onOrder: onOrder, level: safetyStock) }
}

/// One change of stock as the ledger records it: on hand and reserved moved by these amounts.
public struct StockChange: Sendable, Equatable {
    public var kind: MovementKind
    public var onHand: Int
    public var reserved: Int

    public init(kind: MovementKind, onHand: Int, reserved: Int) {
        self.kind = kind
        self.onHand = onHand
        self.reserved = reserved
    }

    public static func receipt(_ quantity: Int) -> Self { Self(kind: .receipt, onHand: quantity, reserved: 0) }
    public static func reservation(_ quantity: Int) -> Self { Self(kind: .reservation, onHand: 0, reserved: quantity) }
    public static func release(_ quantity: Int) -> Self { Self(kind: .release, onHand: 0, reserved: -quantity) }
    public static func consumption(_ quantity: Int) -> Self { Self(kind: .consumption, onHand: -quantity, reserved: -quantity) }
    public static func transferOut(_ quantity: Int) -> Self { Self(kind: .transferOut, onHand: -quantity, reserved: 0) }
    public static func transferIn(_ quantity: Int) -> Self { Self(kind: .transferIn, onHand: quantity, reserved: 0) }
    public static func adjustment(_ change: Int) -> Self { Self(kind: .adjustment, onHand: change, reserved: 0) }

    /// The balance after this change, or nil when the change is not allowed: nothing goes below zero and
    /// reserved never exceeds on hand (available ≥ 0) — the same rule as the table's checks.
    public func applied(onHand: Int, reserved: Int) -> (onHand: Int, reserved: Int)? {
        let after = (onHand: onHand + self.onHand, reserved: reserved + self.reserved)
        guard after.onHand >= 0, after.reserved >= 0, after.reserved <= after.onHand else { return nil }
        return after
    }
}

/// Where a ledger entry came from.
public enum StockReferenceKind: String, WireEnum, Hashable {
    case reservation
    case purchaseRequest = "purchase_request"
    case transfer
    case stocktake
}

/// One entry of the stock ledger. Entries are never edited: a mistake is corrected by another entry.
public struct StockMovement: Sendable, Equatable {
    public var id: UUID
    public var partID: UUID
    public var locationID: UUID
    public var change: StockChange
    public var onHandAfter: Int
    public var reservedAfter: Int
    public var reference: (kind: StockReferenceKind, id: UUID)?
    public var reason: String?
    public var actor: String
    public var occurredAt: Date

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.change == rhs.change && lhs.onHandAfter == rhs.onHandAfter && lhs.reservedAfter == rhs.reservedAfter
            && lhs.reference?.kind == rhs.reference?.kind && lhs.reference?.id == rhs.reference?.id && lhs.reason == rhs.reason
            && lhs.actor == rhs.actor && lhs.occurredAt == rhs.occurredAt && lhs.partID == rhs.partID && lhs.locationID == rhs.locationID
    }
}
