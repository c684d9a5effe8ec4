public import Foundation

/// Intake registered a case (rules.md §2(a) A1, `RECORDED`): what the customer reported, for the services
/// that take it from here.
public struct CaseRegistered: EventPayload {
    public static let type = "case.registered"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary = "A case was registered; Dispatch takes it to its merchant."

    public let caseID: UUID
    public let orderNumber: String
    public let productName: String
    public let productModel: String?
    public let quantity: Int
    public let purchaseDate: LocalDate
    public let reason: String
    public let requestedResolution: Resolution
    public let merchantID: UUID

    public init(
        caseID: UUID,
        orderNumber: String,
        productName: String,
        productModel: String?,
        quantity: Int,
        purchaseDate: LocalDate,
        reason: String,
        requestedResolution: Resolution,
        merchantID: UUID
    ) {
        self.caseID = caseID
        self.orderNumber = orderNumber
        self.productName = productName
        self.productModel = productModel
        self.quantity = quantity
        self.purchaseDate = purchaseDate
        self.reason = reason
        self.requestedResolution = requestedResolution
        self.merchantID = merchantID
    }

    enum CodingKeys: String, CodingKey {
        case caseId, orderNumber, productName, productModel, quantity, purchaseDate, reason, requestedResolution, merchantId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            caseID: try c.decodeWireUUID(forKey: .caseId),
            orderNumber: try c.decode(String.self, forKey: .orderNumber),
            productName: try c.decode(String.self, forKey: .productName),
            productModel: try c.decodeIfPresent(String.self, forKey: .productModel),
            quantity: try c.decode(Int.self, forKey: .quantity),
            purchaseDate: try c.decode(LocalDate.self, forKey: .purchaseDate),
            reason: try c.decode(String.self, forKey: .reason),
            requestedResolution: try c.decode(Resolution.self, forKey: .requestedResolution),
            merchantID: try c.decodeWireUUID(forKey: .merchantId)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(orderNumber, forKey: .orderNumber)
        try c.encode(productName, forKey: .productName)
        try c.encodeIfPresent(productModel, forKey: .productModel)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(purchaseDate, forKey: .purchaseDate)
        try c.encode(reason, forKey: .reason)
        try c.encode(requestedResolution, forKey: .requestedResolution)
        try c.encode(merchantID.wireText, forKey: .merchantId)
    }

    public static var example: CaseRegistered {
        CaseRegistered(
            caseID: UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!,
            orderNumber: "PDD-20260309-0042",
            productName: "联想 ThinkPad X1 笔记本",
            productModel: "X1 Carbon Gen 12",
            quantity: 1,
            purchaseDate: LocalDate(iso: "2026-03-02")!,
            reason: "屏幕闪烁",
            requestedResolution: .repair,
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!
        )
    }
}
