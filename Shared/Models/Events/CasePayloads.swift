public import Foundation

/// Intake registered a case (rules.md §2(a) A1, `RECORDED`): what the customer reported and how the tenant's
/// policy judged it, for the services that take it from here. The customer's name, phone and address stay in
/// Intake: events reach partners' webhooks, personal data does not.
public struct CaseRegistered: EventPayload {
    public static let type = "case.registered"
    public static let schemaVersion = 1
    public static let subjectKind = "case"
    public static let producer = "intake"
    public static let summary =
        "A case was registered and judged by the tenant's policy; Dispatch takes it to its merchant (or routes it when none is named)."

    public var caseID: UUID
    public var channel: CaseChannel?
    public var orderNumber: String
    public var orderLine: String?
    public var pricePaid: Money?
    public var productName: String
    public var productModel: String?
    public var productCategory: String?
    public var productBrand: String?
    public var quantity: Int
    public var purchaseDate: LocalDate
    public var issueKind: IssueKind?
    public var reason: String
    public var requestedResolution: Resolution
    /// Nil when no merchant is known (CM-06): Dispatch routes the case.
    public var merchantID: UUID?
    public var evidence: [EvidenceReference]
    /// The policy's judgement stamped on the case (absent only from events of before it was).
    public var judgement: CaseJudgement?

    public init(
        caseID: UUID,
        channel: CaseChannel? = nil,
        orderNumber: String,
        orderLine: String? = nil,
        pricePaid: Money? = nil,
        productName: String,
        productModel: String?,
        productCategory: String? = nil,
        productBrand: String? = nil,
        quantity: Int,
        purchaseDate: LocalDate,
        issueKind: IssueKind? = nil,
        reason: String,
        requestedResolution: Resolution,
        merchantID: UUID?,
        evidence: [EvidenceReference] = [],
        judgement: CaseJudgement? = nil
    ) {
        self.caseID = caseID
        self.channel = channel
        self.orderNumber = orderNumber
        self.orderLine = orderLine
        self.pricePaid = pricePaid
        self.productName = productName
        self.productModel = productModel
        self.productCategory = productCategory
        self.productBrand = productBrand
        self.quantity = quantity
        self.purchaseDate = purchaseDate
        self.issueKind = issueKind
        self.reason = reason
        self.requestedResolution = requestedResolution
        self.merchantID = merchantID
        self.evidence = evidence
        self.judgement = judgement
    }

    enum CodingKeys: String, CodingKey {
        case caseId, channel, orderNumber, orderLine, pricePaid, productName, productModel, productCategory, productBrand, quantity
        case purchaseDate, issueKind, reason, requestedResolution, merchantId, evidence, judgement
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            caseID: try c.decodeWireUUID(forKey: .caseId),
            channel: try c.decodeIfPresent(CaseChannel.self, forKey: .channel),
            orderNumber: try c.decode(String.self, forKey: .orderNumber),
            orderLine: try c.decodeIfPresent(String.self, forKey: .orderLine),
            pricePaid: try c.decodeIfPresent(Money.self, forKey: .pricePaid),
            productName: try c.decode(String.self, forKey: .productName),
            productModel: try c.decodeIfPresent(String.self, forKey: .productModel),
            productCategory: try c.decodeIfPresent(String.self, forKey: .productCategory),
            productBrand: try c.decodeIfPresent(String.self, forKey: .productBrand),
            quantity: try c.decode(Int.self, forKey: .quantity),
            purchaseDate: try c.decode(LocalDate.self, forKey: .purchaseDate),
            issueKind: try c.decodeIfPresent(IssueKind.self, forKey: .issueKind),
            reason: try c.decode(String.self, forKey: .reason),
            requestedResolution: try c.decode(Resolution.self, forKey: .requestedResolution),
            merchantID: try c.decodeWireUUIDIfPresent(forKey: .merchantId),
            evidence: try c.decodeIfPresent([EvidenceReference].self, forKey: .evidence) ?? [],
            judgement: try c.decodeIfPresent(CaseJudgement.self, forKey: .judgement)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseID.wireText, forKey: .caseId)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encode(orderNumber, forKey: .orderNumber)
        try c.encodeIfPresent(orderLine, forKey: .orderLine)
        try c.encodeIfPresent(pricePaid, forKey: .pricePaid)
        try c.encode(productName, forKey: .productName)
        try c.encodeIfPresent(productModel, forKey: .productModel)
        try c.encodeIfPresent(productCategory, forKey: .productCategory)
        try c.encodeIfPresent(productBrand, forKey: .productBrand)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(purchaseDate, forKey: .purchaseDate)
        try c.encodeIfPresent(issueKind, forKey: .issueKind)
        try c.encode(reason, forKey: .reason)
        try c.encode(requestedResolution, forKey: .requestedResolution)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        if !evidence.isEmpty { try c.encode(evidence, forKey: .evidence) }
        try c.encodeIfPresent(judgement, forKey: .judgement)
    }

    public static var example: CaseRegistered {
        CaseRegistered(
            caseID: UUID(uuidString: "019a0c4e-8a00-7000-8000-000000000001")!,
            channel: .online,
            orderNumber: "PDD-20260309-0042",
            orderLine: "1",
            pricePaid: .cny(6999),
            productName: "联想 ThinkPad X1 笔记本",
            productModel: "X1 Carbon Gen 12",
            productCategory: "laptop",
            productBrand: "Lenovo",
            quantity: 1,
            purchaseDate: LocalDate(iso: "2026-03-02")!,
            issueKind: .qualityIssue,
            reason: "屏幕闪烁",
            requestedResolution: .repair,
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!,
            evidence: [EvidenceReference(url: "https://img.example.cn/c/1.jpg", sha256: String(repeating: "ab", count: 32), caption: "开机闪屏")],
            judgement: CaseExample.judgement
        )
    }
}

/// The judgement the examples carry: a laptop repair under the laptop preset.
enum CaseExample {
    static var judgement: CaseJudgement {
        let facts = CaseFacts(
            pricePaid: .cny(6999),
            line: OrderLine(category: "laptop", brand: "Lenovo", model: "X1 Carbon Gen 12"),
            dates: CaseDates(sale: LocalDate(iso: "2026-03-02")!),
            flags: [.qualityIssue, .functionalFault, .hasInvoice, .hasWarrantyCard]
        )
        let decision = PolicyEngine.evaluate(
            facts: facts,
            policy: PolicyPresets.preset(.laptopShop),
            calendar: BusinessCalendar(),
            now: Date(timeIntervalSince1970: 1_773_108_000)
        )
        return CaseJudgement(decision, requested: .repair)
    }
}
