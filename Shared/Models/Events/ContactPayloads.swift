public import Foundation

/// Intake recorded the customer's contact on a case — at registration and at every correction of the case —
/// with what a message to them names (the order number, the product as corrected). It goes to Notifications alone, the one service that messages customers (pickup notices, refunds, surveys,
/// follow-up calls); it is never delivered to a partner's webhook (``WebhookCatalog``), so the customer's name
/// and phone stay out of every other service and every partner's system.
public struct CaseContactRecorded: EventPayload {
    public static let type = "case.contact_recorded"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary =
        "The customer's name and phone on a case, with the order number and product as corrected, for Notifications alone (never sent to partners)."
    public static var example: Self {
        Self(
            caseID: HandoffExample.caseID,
            customerName: "李女士",
            customerPhone: "+8613800138000",
            orderNumber: "JD-20261120-0042",
            productName: "ThinkPad X1 Carbon",
            productCategory: "laptop"
        )
    }

    public let caseID: UUID
    public let customerName: String
    /// E.164, as Intake normalised it.
    public let customerPhone: String
    public let orderNumber: String
    public let productName: String
    public let productCategory: String?

    public init(caseID: UUID, customerName: String, customerPhone: String, orderNumber: String, productName: String, productCategory: String?) {
        self.caseID = caseID
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.orderNumber = orderNumber
        self.productName = productName
        self.productCategory = productCategory
    }

    enum CodingKeys: String, CodingKey { case caseId, customerName, customerPhone, orderNumber, productName, productCategory }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try c.decodeWireUUID(forKey: .caseId)
        customerName = try c.decode(String.self, forKey: .customerName)
        customerPhone = try c.decode(String.self, forKey: .customerPhone)
        orderNumber = try c.decode(String.self, forKey: .orderNumber)
        productName = try c.decode(String.self, forKey: .productName)
        productCategory = try c.decodeIfPresent(String.self, forKey: .productCategory)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(customerPhone, forKey: .customerPhone)
        try c.encode(orderNumber, forKey: .orderNumber)
        try c.encode(productName, forKey: .productName)
        try c.encodeIfPresent(productCategory, forKey: .productCategory)
    }
}
