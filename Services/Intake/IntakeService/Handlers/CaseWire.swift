import Foundation
import IntakeAPI
import Models
import ServiceKit

extension Components.Schemas.Case {
    /// A recorded case as the contract shows it to `viewer`: a merchant sees the phone masked and no notes.
    init(_ record: AfterSalesCase, forMerchant: Bool = false) {
        let registration = record.registration
        let customer = registration.customer
        let condition = registration.condition
        self.init(
            caseId: record.id.wire,
            status: record.status,
            version: Int64(record.version),
            channel: registration.channel,
            customer: .init(
                name: customer.name,
                phone: forMerchant ? customer.phone.masked : customer.phone.e164,
                address: customer.address
            ),
            orderNumber: registration.orderNumber,
            orderLine: registration.orderLine,
            invoiceNumber: registration.invoiceNumber,
            pricePaid: registration.pricePaid,
            productName: registration.product.name,
            productModel: registration.product.model,
            productCategory: registration.product.category,
            productBrand: registration.product.brand,
            serialNumber: registration.product.serialNumber,
            quantity: Int64(registration.quantity),
            purchaseDate: registration.purchaseDate.description,
            groupBuySucceededDate: registration.groupBuySucceededDate?.description,
            shippedDate: registration.shippedDate?.description,
            deliveryDate: registration.deliveryDate?.description,
            signedForDate: registration.signedForDate?.description,
            signedForAt: registration.signedForAt,
            issueKind: registration.issueKind,
            reason: registration.reason,
            requestedResolution: registration.requestedResolution,
            merchantId: registration.merchantID?.wire,
            evidence: registration.evidence.map { .init(url: $0.url, sha256: $0.sha256, caption: $0.caption) },
            itemCondition: .init(
                accessoriesComplete: condition.accessoriesComplete,
                packagingIntact: condition.packagingIntact,
                receiptPresent: condition.receiptPresent,
                threeGuaranteesCardPresent: condition.threeGuaranteesCardPresent
            ),
            flags: registration.flags.map(\.rawValue),
            notes: forMerchant ? nil : registration.notes,
            judgement: record.judgement,
            cancellationReason: record.cancellation,
            createdAt: record.createdAt,
            updatedAt: record.updatedAt
        )
    }
}

extension CaseRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateCaseRequest) {
        self.init()
        channel = request.channel
        customerName = request.customer.name
        customerPhone = request.customer.phone
        customerAddress = request.customer.address
        orderNumber = request.orderNumber
        orderLine = request.orderLine
        invoiceNumber = request.invoiceNumber
        pricePaid = request.pricePaid
        productName = request.productName
        productModel = request.productModel
        productCategory = request.productCategory
        productBrand = request.productBrand
        serialNumber = request.serialNumber
        quantity = Int(clamping: request.quantity)
        purchaseDate = request.purchaseDate
        groupBuySucceededDate = request.groupBuySucceededDate
        shippedDate = request.shippedDate
        deliveryDate = request.deliveryDate
        signedForDate = request.signedForDate
        signedForAt = request.signedForAt
        issueKind = request.issueKind
        reason = request.reason
        requestedResolution = request.requestedResolution
        merchantID = request.merchantId
        evidence = (request.evidence ?? []).map { EvidenceReference(url: $0.url, sha256: $0.sha256, caption: $0.caption) }
        if let item = request.itemCondition {
            condition = ItemCondition(
                accessoriesComplete: item.accessoriesComplete,
                packagingIntact: item.packagingIntact,
                receiptPresent: item.receiptPresent,
                threeGuaranteesCardPresent: item.threeGuaranteesCardPresent
            )
        }
        flags = (request.flags ?? []).map(\.rawValue)
        notes = request.notes
    }
}

extension CaseContactRecorded {
    /// The customer's contact on the case, for Notifications alone.
    init(_ record: AfterSalesCase) {
        let registration = record.registration
        self.init(
            caseID: record.id,
            customerName: registration.customer.name,
            customerPhone: registration.customer.phone.e164,
            orderNumber: registration.orderNumber,
            productName: registration.product.name,
            productCategory: registration.product.category
        )
    }
}

extension CaseRegistered {
    /// The event of a case just registered (no personal data: events reach partners).
    init(_ record: AfterSalesCase) {
        let registration = record.registration
        self.init(
            caseID: record.id,
            channel: registration.channel,
            orderNumber: registration.orderNumber,
            orderLine: registration.orderLine,
            pricePaid: registration.pricePaid,
            productName: registration.product.name,
            productModel: registration.product.model,
            productCategory: registration.product.category,
            productBrand: registration.product.brand,
            quantity: registration.quantity,
            purchaseDate: registration.purchaseDate,
            issueKind: registration.issueKind,
            reason: registration.reason,
            requestedResolution: registration.requestedResolution,
            merchantID: registration.merchantID,
            evidence: registration.evidence,
            judgement: record.judgement
        )
    }
}
