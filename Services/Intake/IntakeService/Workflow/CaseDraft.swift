public import Foundation
public import Models

extension CaseRegistration {
    /// The request's fields as received (dates and ids unparsed), so every problem is reported at once.
    public struct Draft: Sendable {
        public var channel: CaseChannel = .online
        public var customerName = ""
        public var customerPhone = ""
        public var customerAddress: String?
        public var orderNumber = ""
        public var orderLine: String?
        public var invoiceNumber: String?
        public var pricePaid = Money.zero()
        public var productName = ""
        public var productModel: String?
        public var productCategory = ""
        public var productBrand: String?
        public var serialNumber: String?
        public var quantity = 1
        public var purchaseDate = ""
        public var groupBuySucceededDate: String?
        public var shippedDate: String?
        public var deliveryDate: String?
        public var signedForDate: String?
        public var signedForAt: Date?
        public var issueKind: IssueKind = .qualityIssue
        public var reason = ""
        public var requestedResolution: Resolution = .repair
        public var merchantID: String?
        /// As sent, unchecked.
        public var evidence: [EvidenceReference] = []
        public var condition = ItemCondition()
        public var flags: [String] = []
        public var notes: String?

        public init() {}
    }

    /// Flags a draft may not state, because a field of their own says it.
    static let flagsOfTheirOwnField: [FactFlag: String] = [
        .qualityIssue: "issueKind", .noMerchantFound: "merchantId", .accessoriesComplete: "itemCondition.accessoriesComplete",
        .packagingIntact: "itemCondition.packagingIntact", .hasInvoice: "itemCondition.receiptPresent",
        .hasThreeGuaranteesCard: "itemCondition.threeGuaranteesCardPresent",
    ]

    /// Checks a draft against registration's rules; `today` is the tenant's local date, `now` the instant.
    /// - Returns: the registration, or every field at fault.
    public static func validate(_ draft: Draft, today: LocalDate, now: Date) -> Result<CaseRegistration, ErrorBody> {
        var checks = FieldChecks()
        let name = checks.text(draft.customerName, "customer.name", max: 100)
        let phone = checks.phone(draft.customerPhone, "customer.phone")
        let address = checks.optionalText(draft.customerAddress, "customer.address", max: 500)
        let orderNumber = checks.text(draft.orderNumber, "orderNumber", max: 64)
        let orderLine = checks.optionalText(draft.orderLine, "orderLine", max: 64)
        let invoiceNumber = checks.optionalText(draft.invoiceNumber, "invoiceNumber", max: 64)
        let pricePaid = checks.money(draft.pricePaid, "pricePaid", range: 0...100_000_000_00)
        let productName = checks.text(draft.productName, "productName", max: 200)
        let productModel = checks.optionalText(draft.productModel, "productModel", max: 100)
        let category = checks.text(draft.productCategory, "productCategory", max: 64)
        if !category.isEmpty, !Self.isCategory(category) {
            checks.fail("productCategory", "must be a lower_snake identifier (a-z, 0-9, _), as the policy names categories")
        }
        let brand = checks.optionalText(draft.productBrand, "productBrand", max: 100)
        let serial = checks.optionalText(draft.serialNumber, "serialNumber", max: 100)
        if !(1...9999).contains(draft.quantity) { checks.fail("quantity", "must be from 1 to 9999") }
        let purchaseDate = checks.pastDate(draft.purchaseDate, "purchaseDate", today: today)
        let groupBuy = draft.groupBuySucceededDate.flatMap {
            checks.pastDate($0, "groupBuySucceededDate", today: today, notBefore: purchaseDate)
        }
        let shipped = draft.shippedDate.flatMap { checks.pastDate($0, "shippedDate", today: today, notBefore: purchaseDate) }
        let deliveryDate = draft.deliveryDate.flatMap { checks.pastDate($0, "deliveryDate", today: today, notBefore: purchaseDate) }
        let signedForDate = draft.signedForDate.flatMap { checks.pastDate($0, "signedForDate", today: today, notBefore: purchaseDate) }
        if let signedForAt = draft.signedForAt, signedForAt > now { checks.fail("signedForAt", "must not be in the future") }
        let reason = checks.text(draft.reason, "reason", max: 2000)
        let merchantID = checks.optionalUUID(draft.merchantID, "merchantId")
        let evidence = checks.evidence(draft.evidence)
        var flags = Set<FactFlag>()
        if draft.flags.count > 50 { checks.fail("flags", "must have at most 50 entries") }
        for (index, text) in draft.flags.prefix(50).enumerated() {
            guard let flag = FactFlag(rawValue: text) else {
                checks.fail("flags[\(index)]", "must be a fact of rules.md §6 (EvaluatePolicy's flags)")
                continue
            }
            if let field = flagsOfTheirOwnField[flag] {
                checks.fail("flags[\(index)]", "is stated by \(field)")
            } else {
                flags.insert(flag)
            }
        }
        let notes = checks.optionalText(draft.notes, "notes", max: 2000)
        if let error = checks.error { return .failure(error) }
        guard let phone, let purchaseDate else { return .failure(.invalidArgument([])) }
        var registration = CaseRegistration(
            channel: draft.channel,
            customer: CustomerContact(name: name, phone: phone, address: address),
            orderNumber: orderNumber,
            orderLine: orderLine,
            invoiceNumber: invoiceNumber,
            pricePaid: pricePaid,
            product: ProductLine(name: productName, model: productModel, category: category, brand: brand, serialNumber: serial),
            quantity: draft.quantity,
            purchaseDate: purchaseDate,
            deliveryDate: deliveryDate,
            signedForDate: signedForDate,
            signedForAt: draft.signedForAt,
            issueKind: draft.issueKind,
            reason: reason,
            requestedResolution: draft.requestedResolution,
            merchantID: merchantID,
            evidence: evidence,
            condition: draft.condition,
            flags: flags.sorted(),
            notes: notes
        )
        registration.groupBuySucceededDate = groupBuy
        registration.shippedDate = shipped
        return .success(registration)
    }

    static func isCategory(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

extension FieldChecks {
    /// A local date as YYYY-MM-DD, not after `today` nor before `notBefore`.
    mutating func pastDate(_ text: String, _ field: String, today: LocalDate, notBefore earliest: LocalDate? = nil) -> LocalDate? {
        guard let date = LocalDate(iso: text) else {
            fail(field, "must be a date as YYYY-MM-DD")
            return nil
        }
        if date > today {
            fail(field, "must not be after today (\(today))")
        } else if let earliest, date < earliest {
            fail(field, "must not be before purchaseDate (\(earliest))")
        }
        return date
    }
}
