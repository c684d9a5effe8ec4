public import Foundation
public import Models

/// Who the customer is, as registered (rules.md §2(a), §2(i)): the phone normalised so the customer's cases
/// are found however it was typed. Personal data: never logged; a merchant sees the phone masked.
public struct CustomerContact: Sendable, Equatable {
    public var name: String
    public var phone: PhoneNumber
    public var address: String?

    public init(name: String, phone: PhoneNumber, address: String?) {
        self.name = name
        self.phone = phone
        self.address = address
    }
}

/// What came with the item (rules.md §4: incomplete accessories, opened packaging, no receipt or 三包 card
/// block some claims); nil where nobody said.
public struct ItemCondition: Sendable, Equatable {
    public var accessoriesComplete: Bool?
    public var packagingIntact: Bool?
    public var receiptPresent: Bool?
    public var threeGuaranteesCardPresent: Bool?

    public init(accessoriesComplete: Bool? = nil, packagingIntact: Bool? = nil, receiptPresent: Bool? = nil, threeGuaranteesCardPresent: Bool? = nil)
    {
        self.accessoriesComplete = accessoriesComplete
        self.packagingIntact = packagingIntact
        self.receiptPresent = receiptPresent
        self.threeGuaranteesCardPresent = threeGuaranteesCardPresent
    }

    /// The policy's flags for what was stated present.
    var presentFlags: [FactFlag] {
        [
            (accessoriesComplete, FactFlag.accessoriesComplete), (packagingIntact, .packagingIntact), (receiptPresent, .hasInvoice),
            (threeGuaranteesCardPresent, .hasThreeGuaranteesCard),
        ].compactMap { $0.0 == true ? $0.1 : nil }
    }
}

/// The product the case is about; the category and brand pick the policy's rules (rules.md §8 item 12).
public struct ProductLine: Sendable, Equatable {
    public var name: String
    public var model: String?
    /// A lower_snake category the tenant's policy names (`mouse`, `shoes_leather`, `sofa`, …).
    public var category: String
    public var brand: String?
    public var serialNumber: String?

    public init(name: String, model: String?, category: String, brand: String?, serialNumber: String?) {
        self.name = name
        self.model = model
        self.category = category
        self.brand = brand
        self.serialNumber = serialNumber
    }
}

/// A case as the customer reported it, checked and ready to record (rules.md §2(a)). Pure: no I/O, so
/// every rule of registration is tested without a database.
public struct CaseRegistration: Sendable, Equatable {
    public var channel: CaseChannel
    public var customer: CustomerContact
    public var orderNumber: String
    /// The line of the order (sub-order) the case is about; nil when the order has one.
    public var orderLine: String?
    public var invoiceNumber: String?
    public var pricePaid: Money
    public var product: ProductLine
    public var quantity: Int
    public var purchaseDate: LocalDate
    /// When a group buy succeeded (拼团成功, Pinduoduo's refund window counts from it).
    public var groupBuySucceededDate: LocalDate? = nil
    /// When the merchant shipped (发货; some windows count from it). Implies the order was shipped.
    public var shippedDate: LocalDate? = nil
    public var deliveryDate: LocalDate?
    public var signedForDate: LocalDate?
    /// When the customer signed for it, to the second (LG-05's 48 h photo route).
    public var signedForAt: Date?
    public var issueKind: IssueKind
    /// The fault in the customer's words.
    public var reason: String
    public var requestedResolution: Resolution
    /// Nil when no merchant is known (CM-06): Dispatch routes the case.
    public var merchantID: UUID?
    public var evidence: [EvidenceReference]
    public var condition: ItemCondition
    /// Further facts known at registration (rules.md §6 identifiers), sorted.
    public var flags: [FactFlag]
    /// Staff's own notes; internal, never shown to a merchant or the customer.
    public var notes: String?

    /// What the policy evaluates: the registered facts, with the inspection's when there is one.
    public var facts: CaseFacts {
        var all = Set(flags).union(condition.presentFlags)
        if issueKind == .qualityIssue { all.insert(.qualityIssue) }
        if merchantID == nil { all.insert(.noMerchantFound) }
        if shippedDate != nil { all.insert(.shipped) }
        return CaseFacts(
            pricePaid: pricePaid,
            line: OrderLine(category: product.category, brand: product.brand ?? "", model: product.model),
            dates: CaseDates(
                sale: purchaseDate,
                delivery: deliveryDate,
                signedFor: signedForDate,
                groupBuySuccess: groupBuySucceededDate,
                shipment: shippedDate,
                signedForAt: signedForAt
            ),
            flags: all
        )
    }

    /// The policy's judgement of the requested resolution at `now` (the claim's moment: registration).
    public func judged(by policy: PolicyDocument, calendar: BusinessCalendar, at now: Date) -> CaseJudgement {
        judged(facts: facts, by: policy, calendar: calendar, at: now)
    }

    public func judged(facts: CaseFacts, by policy: PolicyDocument, calendar: BusinessCalendar, at now: Date) -> CaseJudgement {
        CaseJudgement(PolicyEngine.evaluate(facts: facts, policy: policy, calendar: calendar, now: now), requested: requestedResolution)
    }

    /// The order line as the duplicate check keys it: the whole order when none is named.
    public var orderLineKey: String { orderLine ?? "" }
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
    /// The policy's judgement stamped at registration (revised only by new facts); nil for cases from
    /// before policies judged them.
    public var judgement: CaseJudgement? = nil
    /// What the merchant's inspection established (flags it found), applied on top of the registered facts.
    public var inspectionFlags: [FactFlag] = []
    /// Whether the inspection ruled the reported quality issue out (no fault found).
    public var qualityIssueRuledOut = false
    /// What the case's repairs reported add to its facts (days away, repeated faults, an exchange).
    public var repairFacts = CaseRepairFacts()
    /// Changes made with UpdateCase; optimistic concurrency for staff editing one case at once.
    public var version = 1
    public var updatedAt: Date? = nil
    public var cancellation: String? = nil

    /// The facts as known now: registered, then corrected by the inspection.
    public var currentFacts: CaseFacts {
        var facts = registration.facts
        for flag in inspectionFlags { facts.set(flag) }
        if qualityIssueRuledOut { facts.set(.qualityIssue, false) }
        return repairFacts.applied(to: facts)
    }

    /// Staff may change the registration until the merchant has the case (rules.md §2(b): after that the
    /// merchant's inspection is the record).
    public var isEditable: Bool { status == .recorded || status == .dispatchedToMerchant }
}
