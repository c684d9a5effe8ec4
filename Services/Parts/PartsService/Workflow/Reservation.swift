public import Foundation
public import Models

/// Units of a part held at a location for a repair order until they are consumed, released, or expire at
/// `expiresAt` (a durable timer releases them).
public struct Reservation: Sendable, Equatable {
    public var id: UUID
    public var partID: UUID
    public var locationID: UUID
    public var quantity: Int
    public var repairOrderID: UUID
    public var caseID: UUID?
    public var status: ReservationStatus
    public var expiresAt: Date
    public var createdAt: Date
    public var closedAt: Date?
    public var closeReason: String?
    public var replacementID: UUID?

    public init(
        id: UUID,
        partID: UUID,
        locationID: UUID,
        quantity: Int,
        repairOrderID: UUID,
        caseID: UUID?,
        status: ReservationStatus = .held,
        expiresAt: Date,
        createdAt: Date,
        closedAt: Date? = nil,
        closeReason: String? = nil,
        replacementID: UUID? = nil
    ) {
        self.id = id
        self.partID = partID
        self.locationID = locationID
        self.quantity = quantity
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.status = status
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.closeReason = closeReason
        self.replacementID = replacementID
    }

    /// How a held reservation ends.
    public enum Ending: Sendable, Equatable {
        case release(reason: String?)
        case consume(replacementID: UUID?)
        case expire

        var status: ReservationStatus {
            switch self {
            case .release: .released
            case .consume: .consumed
            case .expire: .expired
            }
        }
    }

    /// What ending the reservation this way does.
    public enum Outcome: Sendable, Equatable {
        /// It ended now: post the stock change.
        case ended(Reservation, StockChange)
        /// It had already ended this way: answer it unchanged (a repeated call).
        case unchanged
        /// It had ended another way.
        case refused(ErrorBody)
    }

    /// Ends a held reservation; a repeat of the same ending changes nothing; any other ending of an ended
    /// one is refused.
    public func ending(_ ending: Ending, at now: Date) -> Outcome {
        guard status == .held else {
            if status == ending.status { return .unchanged }
            return .refused(.failedPrecondition("reservationId", "the reservation is already \(status.rawValue)"))
        }
        var ended = self
        ended.status = ending.status
        ended.closedAt = now
        let change: StockChange
        switch ending {
        case .release(let reason):
            ended.closeReason = reason
            change = .release(quantity)
        case .consume(let replacementID):
            ended.replacementID = replacementID
            change = .consumption(quantity)
        case .expire:
            ended.closeReason = "not consumed by \(RFC3339.string(expiresAt))"
            change = .release(quantity)
        }
        return .ended(ended, change)
    }

    public var event: ReservationChanged {
        ReservationChanged(
            reservationID: id,
            partID: partID,
            locationID: locationID,
            quantity: quantity,
            status: status,
            repairOrderID: repairOrderID,
            caseID: caseID,
            expiresAt: expiresAt,
            replacementID: replacementID
        )
    }
}
