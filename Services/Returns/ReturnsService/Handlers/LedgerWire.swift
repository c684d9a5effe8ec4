import Foundation
import Models
import ReturnsAPI
import ServiceKit

extension Components.Schemas.ReturnShipment {
    init(_ shipment: ReturnShipment) {
        self.init(carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, shippedAt: shipment.shippedAt, postage: shipment.postage)
    }
}

extension Components.Schemas.LedgerEntry {
    init(_ entry: LedgerEntry) {
        self.init(
            entryId: entry.id.wire,
            kind: .init(rawValue: entry.kind.rawValue)!,
            amount: entry.amount,
            ruleIds: entry.ruleIds,
            note: entry.note,
            returnRequestId: entry.returnRequestID?.wire,
            paymentId: entry.paymentID?.wire,
            corrects: entry.corrects?.wire,
            recordedBy: entry.recordedBy,
            recordedAt: entry.recordedAt
        )
    }
}

extension Components.Schemas.Payment {
    init(_ payment: Payment) {
        self.init(
            paymentId: payment.id.wire,
            caseId: payment.caseID.wire,
            returnRequestId: payment.returnRequestID?.wire,
            merchantId: payment.merchantID?.wire,
            direction: .init(rawValue: payment.direction.rawValue)!,
            purpose: .init(rawValue: payment.purpose.rawValue)!,
            amount: payment.amount,
            status: .init(rawValue: payment.status.rawValue)!,
            attempt: Int64(payment.attempt),
            providerReference: payment.providerReference,
            failure: payment.failure,
            createdAt: payment.createdAt,
            updatedAt: payment.updatedAt,
            settledAt: payment.settledAt
        )
    }
}

extension Components.Schemas.Exchange {
    init(_ exchange: Exchange) {
        self.init(
            returnRequestId: exchange.returnRequestID.wire,
            caseId: exchange.caseID.wire,
            replacement: .init(name: exchange.replacement.name, model: exchange.replacement.model),
            pricePaid: exchange.pricePaid,
            replacementPrice: exchange.replacementPrice,
            priceDifference: exchange.priceDifference,
            paymentId: exchange.paymentID?.wire,
            status: .init(rawValue: exchange.status.rawValue)!,
            shipment: exchange.shipment.map(Components.Schemas.ReturnShipment.init)
        )
    }
}

extension Components.Schemas.Discrepancy {
    init(_ found: Discrepancy) {
        self.init(
            discrepancyId: found.id.wire,
            kind: .init(rawValue: found.kind.rawValue)!,
            paymentId: found.paymentID?.wire,
            providerReference: found.providerReference,
            detail: found.detail,
            foundAt: found.foundAt
        )
    }
}
