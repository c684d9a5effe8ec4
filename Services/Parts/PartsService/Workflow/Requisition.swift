public import Foundation
public import Models

/// A parts requisition (配件需求申报, rules.md §2(f) 1–2): a technician or a repair asks for a part for a
/// device; the after-sales desk verifies the model and fault cause; purchasing orders it.
public struct Requisition: Sendable, Equatable {
    public var id: UUID
    public var partID: UUID
    public var quantity: Int
    public var deviceModel: String
    public var faultCause: String
    public var repairOrderID: UUID?
    public var caseID: UUID?
    public var locationID: UUID?
    public var status: RequisitionStatus
    public var requestedBy: String
    public var verifiedBy: String?
    public var verificationNote: String?
    public var purchaseRequestID: UUID?
    public var expectedArrival: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID,
        partID: UUID,
        quantity: Int,
        deviceModel: String,
        faultCause: String,
        repairOrderID: UUID?,
        caseID: UUID?,
        locationID: UUID?,
        status: RequisitionStatus = .requested,
        requestedBy: String,
        verifiedBy: String? = nil,
        verificationNote: String? = nil,
        purchaseRequestID: UUID? = nil,
        expectedArrival: Date? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.partID = partID
        self.quantity = quantity
        self.deviceModel = deviceModel
        self.faultCause = faultCause
        self.repairOrderID = repairOrderID
        self.caseID = caseID
        self.locationID = locationID
        self.status = status
        self.requestedBy = requestedBy
        self.verifiedBy = verifiedBy
        self.verificationNote = verificationNote
        self.purchaseRequestID = purchaseRequestID
        self.expectedArrival = expectedArrival
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The desk's verdict (rules.md §2(f) 2): verifying checks the device model against the models the part
    /// is listed as fitting (when it lists any); rejecting needs a note saying why.
    public func verified(
        _ verdict: RequisitionVerdict,
        note: String?,
        by verifier: String,
        fittingModels: [String],
        at now: Date
    ) -> Result<Self, ErrorBody> {
        guard status == .requested else {
            return .failure(.failedPrecondition("requisitionId", "the requisition is \(status.rawValue); only a requested one is verified"))
        }
        switch verdict {
        case .rejected where note == nil:
            return .failure(.invalidArgument("note", "say why the requisition is rejected"))
        case .verified where !fittingModels.isEmpty && !fittingModels.contains(where: { $0.lowercased() == deviceModel.lowercased() }):
            return .failure(.failedPrecondition("deviceModel", "the part is not listed as fitting \(deviceModel)"))
        default:
            var next = self
            next.status = verdict == .verified ? .verified : .rejected
            next.verifiedBy = verifier
            next.verificationNote = note
            next.updatedAt = now
            return .success(next)
        }
    }

    public var event: RequisitionChanged {
        RequisitionChanged(
            requisitionID: id,
            partID: partID,
            quantity: quantity,
            status: status,
            repairOrderID: repairOrderID,
            caseID: caseID,
            purchaseRequestID: purchaseRequestID,
            expectedArrival: expectedArrival
        )
    }
}
