public import Foundation
public import Models

/// A purchase request to a supplier (配件采购申请, rules.md §2(f) 3, SH-15): part, model, quantity and the
/// expected arrival; received in one or several deliveries into one location; chased when late.
public struct PurchaseRequest: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var partID: UUID
        public var quantity: Int
        public var received: Int
        /// The device models of the requisitions it serves (the supplier's "model").
        public var deviceModels: [String]

        public init(partID: UUID, quantity: Int, received: Int, deviceModels: [String]) {
            self.partID = partID
            self.quantity = quantity
            self.received = received
            self.deviceModels = deviceModels
        }

        public var outstanding: Int { quantity - received }
    }

    public var id: UUID
    public var supplierID: UUID
    public var locationID: UUID
    public var status: PurchaseStatus
    public var expectedArrival: Date
    public var lines: [Line]
    public var requisitionIDs: [UUID]
    public var chaseCount: Int
    public var cancelledReason: String?
    /// The supplier's reason for its latest new date (the customer's delay notice gives it, WS-11).
    public var rescheduleReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID,
        supplierID: UUID,
        locationID: UUID,
        status: PurchaseStatus = .submitted,
        expectedArrival: Date,
        lines: [Line],
        requisitionIDs: [UUID],
        chaseCount: Int = 0,
        cancelledReason: String? = nil,
        rescheduleReason: String? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.supplierID = supplierID
        self.locationID = locationID
        self.status = status
        self.expectedArrival = expectedArrival
        self.lines = lines
        self.requisitionIDs = requisitionIDs
        self.chaseCount = chaseCount
        self.cancelledReason = cancelledReason
        self.rescheduleReason = rescheduleReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Groups verified requisitions and extra stock lines into one line per part (in the order first met).
    public static func lines(requisitions: [Requisition], extra: [(partID: UUID, quantity: Int)]) -> [Line] {
        var lines: [Line] = []
        func add(_ partID: UUID, _ quantity: Int, model: String?) {
            if let index = lines.firstIndex(where: { $0.partID == partID }) {
                lines[index].quantity += quantity
                if let model, !lines[index].deviceModels.contains(model) { lines[index].deviceModels.append(model) }
            } else {
                lines.append(Line(partID: partID, quantity: quantity, received: 0, deviceModels: model.map { [$0] } ?? []))
            }
        }
        for requisition in requisitions { add(requisition.partID, requisition.quantity, model: requisition.deviceModel) }
        for line in extra { add(line.partID, line.quantity, model: nil) }
        return lines
    }

    /// Goods still expected and past their date: what the overdue chase looks at.
    public func isOverdue(at now: Date) -> Bool { status.isOpen && now >= expectedArrival }

    /// A delivery (partial too): each line's received count grows; more than outstanding, a part not
    /// ordered, or a request no longer open is refused with the line at fault.
    public func receiving(_ delivery: [(partID: UUID, quantity: Int)], at now: Date) -> Result<Self, ErrorBody> {
        guard status.isOpen else {
            return .failure(.failedPrecondition("purchaseRequestId", "the purchase request is \(status.rawValue)"))
        }
        var next = self
        for (index, entry) in delivery.enumerated() {
            guard let line = next.lines.firstIndex(where: { $0.partID == entry.partID }) else {
                return .failure(.failedPrecondition("lines[\(index)].partId", "the part is not on this purchase request"))
            }
            guard entry.quantity <= next.lines[line].outstanding else {
                return .failure(.failedPrecondition("lines[\(index)].quantity", "only \(next.lines[line].outstanding) outstanding"))
            }
            next.lines[line].received += entry.quantity
        }
        next.status = next.lines.allSatisfy { $0.outstanding == 0 } ? .received : .partiallyReceived
        next.updatedAt = now
        return .success(next)
    }

    /// Cancelled, only while nothing was received.
    public func cancelled(reason: String, at now: Date) -> Result<Self, ErrorBody> {
        guard status == .submitted else {
            return .failure(
                .failedPrecondition("purchaseRequestId", "the purchase request is \(status.rawValue); only one with nothing received is cancelled")
            )
        }
        var next = self
        next.status = .cancelled
        next.cancelledReason = reason
        next.updatedAt = now
        return .success(next)
    }

    /// The supplier's new date.
    public func rescheduled(to arrival: Date, reason: String, at now: Date) -> Result<Self, ErrorBody> {
        guard status.isOpen else {
            return .failure(.failedPrecondition("purchaseRequestId", "the purchase request is \(status.rawValue)"))
        }
        guard arrival > now else { return .failure(.invalidArgument("expectedArrival", "must be in the future")) }
        var next = self
        next.expectedArrival = arrival
        next.rescheduleReason = reason
        next.updatedAt = now
        return .success(next)
    }

    public var event: PurchaseChanged {
        PurchaseChanged(
            purchaseRequestID: id,
            supplierID: supplierID,
            status: status,
            expectedArrival: expectedArrival,
            requisitionIDs: requisitionIDs,
            lines: lines.map { PurchaseLineState(partID: $0.partID, quantity: $0.quantity, received: $0.received) }
        )
    }
}
