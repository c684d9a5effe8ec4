import Foundation
import Logging
import Models
import PartsAPI
import ServiceKit

/// The contract's shapes of Parts' records, and the requests' fields as the workflow reads them.
extension Components.Schemas.Part {
    init(_ part: Part) {
        let item = part.cataloguing
        self.init(
            partId: part.id.wire,
            partNumber: item.partNumber,
            name: item.name,
            category: item.category,
            fittingModels: item.fittingModels,
            kind: item.kind,
            valueClass: item.valueClass,
            depositRequired: item.valueClass.requiresDeposit,
            unitCost: item.unitCost,
            unitPrice: item.unitPrice,
            suppliers: item.suppliers.map { .init(supplierId: $0.supplierID.wire, leadTimeDays: Int64($0.leadTimeDays)) },
            status: part.status,
            retiredAt: part.retiredAt,
            retiredReason: part.retiredReason,
            version: Int64(part.version),
            createdAt: part.createdAt
        )
    }
}

extension PartCataloguing.Draft {
    init(_ request: Components.Schemas.CreatePartRequest) {
        self.init(
            partNumber: request.partNumber,
            name: request.name,
            category: request.category,
            fittingModels: request.fittingModels ?? [],
            kind: request.kind,
            valueClass: request.valueClass,
            unitCost: request.unitCost,
            unitPrice: request.unitPrice,
            suppliers: (request.suppliers ?? []).map { ($0.supplierId, $0.leadTimeDays) }
        )
    }

    init(_ request: Components.Schemas.UpdatePartRequest) {
        self.init(
            partNumber: "",
            name: request.name,
            category: request.category,
            fittingModels: request.fittingModels ?? [],
            kind: request.kind,
            valueClass: request.valueClass,
            unitCost: request.unitCost,
            unitPrice: request.unitPrice,
            suppliers: (request.suppliers ?? []).map { ($0.supplierId, $0.leadTimeDays) }
        )
    }
}

extension Components.Schemas.Supplier {
    init(_ s: Supplier) {
        self.init(
            supplierId: s.id.wire,
            name: s.name,
            contactName: s.contactName,
            phone: s.phone,
            leadTimeDays: Int64(s.leadTimeDays),
            createdAt: s.createdAt
        )
    }
}

extension Components.Schemas.StockLocation {
    init(_ l: StockLocation) {
        self.init(locationId: l.id.wire, code: l.code, name: l.name, kind: l.kind, createdAt: l.createdAt)
    }
}

extension Components.Schemas.StockLevel {
    init(_ l: StockLevel) {
        self.init(
            partId: l.partID.wire,
            locationId: l.locationID.wire,
            onHand: Int64(l.onHand),
            reserved: Int64(l.reserved),
            available: Int64(l.available),
            onOrder: Int64(l.onOrder),
            safetyStock: Int64(l.safetyStock),
            safetyStockSource: l.safetySource,
            belowSafetyStock: l.belowSafetyStock,
            suggestedReorder: Int64(l.suggestedReorder),
            updatedAt: l.updatedAt
        )
    }
}

extension Components.Schemas.StockMovement {
    init(_ m: StockMovement) {
        self.init(
            movementId: m.id.wire,
            partId: m.partID.wire,
            locationId: m.locationID.wire,
            kind: m.change.kind,
            onHandChange: Int64(m.change.onHand),
            reservedChange: Int64(m.change.reserved),
            onHandAfter: Int64(m.onHandAfter),
            reservedAfter: Int64(m.reservedAfter),
            referenceKind: m.reference.flatMap { ReferenceKindPayload(rawValue: $0.kind.rawValue) },
            referenceId: m.reference?.id.wire,
            reason: m.reason,
            actor: m.actor,
            occurredAt: m.occurredAt
        )
    }
}

extension Components.Schemas.Reservation {
    init(_ r: Reservation) {
        self.init(
            reservationId: r.id.wire,
            partId: r.partID.wire,
            locationId: r.locationID.wire,
            quantity: Int64(r.quantity),
            repairOrderId: r.repairOrderID.wire,
            caseId: r.caseID?.wire,
            status: r.status,
            expiresAt: r.expiresAt,
            createdAt: r.createdAt,
            closedAt: r.closedAt,
            closeReason: r.closeReason,
            replacementId: r.replacementID?.wire
        )
    }
}

extension Components.Schemas.Requisition {
    init(_ r: Requisition) {
        self.init(
            requisitionId: r.id.wire,
            partId: r.partID.wire,
            quantity: Int64(r.quantity),
            deviceModel: r.deviceModel,
            faultCause: r.faultCause,
            repairOrderId: r.repairOrderID?.wire,
            caseId: r.caseID?.wire,
            locationId: r.locationID?.wire,
            status: r.status,
            requestedBy: r.requestedBy,
            verifiedBy: r.verifiedBy,
            verificationNote: r.verificationNote,
            purchaseRequestId: r.purchaseRequestID?.wire,
            expectedArrival: r.expectedArrival,
            createdAt: r.createdAt,
            updatedAt: r.updatedAt
        )
    }
}

extension Components.Schemas.PurchaseRequest {
    /// `parts` names the lines' parts (number and name).
    init(_ p: PurchaseRequest, parts: [UUID: Part], now: Date) {
        self.init(
            purchaseRequestId: p.id.wire,
            supplierId: p.supplierID.wire,
            locationId: p.locationID.wire,
            status: p.status,
            expectedArrival: p.expectedArrival,
            lines: p.lines.map { line in
                .init(
                    partId: line.partID.wire,
                    partNumber: parts[line.partID]?.cataloguing.partNumber ?? "",
                    name: parts[line.partID]?.cataloguing.name ?? "",
                    deviceModels: line.deviceModels,
                    quantity: Int64(line.quantity),
                    received: Int64(line.received)
                )
            },
            requisitionIds: p.requisitionIDs.map(\.wire),
            chaseCount: Int64(p.chaseCount),
            overdue: p.isOverdue(at: now),
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
            cancelledReason: p.cancelledReason,
            rescheduleReason: p.rescheduleReason
        )
    }
}

extension Components.Schemas.Stocktake {
    init(_ s: Stocktake) {
        self.init(
            stocktakeId: s.id.wire,
            locationId: s.locationID.wire,
            status: s.status,
            lines: s.lines.map {
                .init(
                    partId: $0.partID.wire,
                    counted: Int64($0.counted),
                    bookAtCount: Int64($0.bookAtCount),
                    variance: Int64($0.variance),
                    countedBy: $0.countedBy,
                    countedAt: $0.countedAt
                )
            },
            startedBy: s.startedBy,
            startedAt: s.startedAt,
            postedBy: s.postedBy,
            postedAt: s.postedAt,
            postReason: s.postReason,
            cancelledBy: s.cancelledBy,
            cancelledAt: s.cancelledAt,
            cancelReason: s.cancelReason
        )
    }
}

extension Components.Schemas.Replacement {
    init(_ r: Replacement) {
        self.init(
            replacementId: r.id.wire,
            partId: r.partID.wire,
            supplierId: r.supplierID?.wire,
            serial: r.serial,
            repairOrderId: r.repairOrderID.wire,
            caseId: r.caseID?.wire,
            reservationId: r.reservationID?.wire,
            installedAt: r.installedAt,
            failedAt: r.failedAt,
            failureDescription: r.failureDescription
        )
    }
}
