public import Foundation
public import Models

/// A case as the customer reported it, checked and ready to record. Pure: no I/O, so every rule of
/// registration is tested without a database.
public struct CaseRegistration: Sendable, Equatable {
    public var orderNumber: String
    public var productName: String
    public var productModel: String?
    public var quantity: Int
    public var purchaseDate: LocalDate
    public var reason: String
    public var requestedResolution: Resolution
    public var merchantID: UUID

    /// The request's fields as received (strings unparsed), so every problem can be reported at once.
    public struct Draft: Sendable {
        public var orderNumber: String
        public var productName: String
        public var productModel: String?
        public var quantity: Int
        public var purchaseDate: String
        public var reason: String
        public var requestedResolution: Resolution
        public var merchantID: String

        public init(
            orderNumber: String,
            productName: String,
            productModel: String?,
            quantity: Int,
            purchaseDate: String,
            reason: String,
            requestedResolution: Resolution,
            merchantID: String
        ) {
            self.orderNumber = orderNumber
            self.productName = productName
            self.productModel = productModel
            self.quantity = quantity
            self.purchaseDate = purchaseDate
            self.reason = reason
            self.requestedResolution = requestedResolution
            self.merchantID = merchantID
        }
    }

    /// Checks a draft against registration's rules; `today` is the tenant's local date.
    /// - Returns: the registration, or every field at fault.
    public static func validate(_ draft: Draft, today: LocalDate) -> Result<CaseRegistration, ErrorBody> {
        var checks = FieldChecks()
        let orderNumber = checks.text(draft.orderNumber, "orderNumber", max: 64)
        let productName = checks.text(draft.productName, "productName", max: 200)
        let reason = checks.text(draft.reason, "reason", max: 2000)
        let productModel = checks.optionalText(draft.productModel, "productModel", max: 100)
        if !(1...9999).contains(draft.quantity) {
            checks.fail("quantity", "must be from 1 to 9999")
        }
        let purchaseDate = LocalDate(iso: draft.purchaseDate)
        if let purchaseDate {
            if purchaseDate > today { checks.fail("purchaseDate", "must not be after today (\(today))") }
        } else {
            checks.fail("purchaseDate", "must be a date as YYYY-MM-DD")
        }
        let merchantID = checks.uuid(draft.merchantID, "merchantId")
        if let error = checks.error { return .failure(error) }
        guard let purchaseDate, let merchantID else { return .failure(.invalidArgument([])) }
        return .success(
            CaseRegistration(
                orderNumber: orderNumber,
                productName: productName,
                productModel: productModel,
                quantity: draft.quantity,
                purchaseDate: purchaseDate,
                reason: reason,
                requestedResolution: draft.requestedResolution,
                merchantID: merchantID
            )
        )
    }
}

/// A recorded case.
public struct AfterSalesCase: Sendable, Equatable {
    public var id: UUID
    public var tenantID: TenantID
    public var status: CaseStatus
    public var registration: CaseRegistration
    public var createdAt: Date
    /// The role of whoever registered it (the timeline's first "who"); nil for cases from before it was kept.
    public var registeredByRole: Role? = nil
}
