import Foundation
import Models
import PostgresNIO
import ServiceKit

/// How a case's structured parts are kept in its row (JSON and arrays), and the row read back.
struct CaseColumns {
    let evidence: String
    let condition: String
    let flags: [String]
    let policyVersion: Int?
    let judgement: String?
    let repairFacts: String

    /// `withDocuments: false` leaves the evidence and judgement out (empty): the caller takes them from
    /// the event that carries them.
    init(_ record: AfterSalesCase, withDocuments: Bool = true) throws {
        let r = record.registration
        let encoder = WireJSON.encoder
        evidence = withDocuments ? String(decoding: try encoder.encode(r.evidence), as: UTF8.self) : ""
        condition = String(decoding: try encoder.encode(StoredCondition(r.condition)), as: UTF8.self)
        flags = r.flags.map(\.rawValue)
        policyVersion = record.judgement?.policyVersion
        judgement = withDocuments ? try record.judgement.map { String(decoding: try encoder.encode($0), as: UTF8.self) } : nil
        repairFacts = String(decoding: try encoder.encode(record.repairFacts), as: UTF8.self)
    }

    /// The columns ``decode(_:tenant:)`` reads.
    static let selected = """
        id, status, order_number, product_name, product_model, quantity, purchase_date::text AS purchase_date, reason,
        requested_resolution, merchant_id, created_at, registered_by_role, channel, customer_name, customer_phone,
        customer_address, order_line, invoice_number, price_paid_minor, currency, product_category, product_brand, serial_number,
        group_buy_date::text AS group_buy_date, shipped_date::text AS shipped_date, delivery_date::text AS delivery_date, signed_for_date::text AS signed_for_date, signed_for_at, issue_kind,
        evidence::text AS evidence, item_condition::text AS item_condition, flags, notes, judgement::text AS judgement,
        inspection_flags, quality_issue_ruled_out, version, updated_at, cancellation_reason, repair_facts::text AS repair_facts
        """

    static func decode(_ row: PostgresRow, tenant: TenantID) throws -> AfterSalesCase {
        let c = row.makeRandomAccess()
        let id = try c["id"].decode(UUID.self)
        func bad() -> StoredValueError { StoredValueError(table: "cases", id: id) }
        func date(_ column: String) throws -> LocalDate? {
            guard let text = try c[column].decode(String?.self) else { return nil }
            guard let date = LocalDate(iso: text) else { throw bad() }
            return date
        }
        func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text = try c[column].decode(String?.self) else { return nil }
            return try WireJSON.decoder.decode(T.self, from: Data(text.utf8))
        }
        guard let status = CaseStatus(rawValue: try c["status"].decode(String.self)),
            let resolution = Resolution(rawValue: try c["requested_resolution"].decode(String.self)),
            let purchaseDate = try date("purchase_date"),
            let channel = CaseChannel(rawValue: try c["channel"].decode(String.self)),
            let issueKind = IssueKind(rawValue: try c["issue_kind"].decode(String.self))
        else { throw bad() }
        let orderLine = try c["order_line"].decode(String?.self)
        let phone = try c["customer_phone"].decode(String.self)
        let registration = CaseRegistration(
            channel: channel,
            // Cases of before the complete case have no customer: kept as an empty, unreachable number.
            customer: CustomerContact(
                name: try c["customer_name"].decode(String.self),
                phone: PhoneNumber(phone) ?? PhoneNumber.unknown,
                address: try c["customer_address"].decode(String?.self)
            ),
            orderNumber: try c["order_number"].decode(String.self),
            orderLine: orderLine?.isEmpty == false ? orderLine : nil,
            invoiceNumber: try c["invoice_number"].decode(String?.self),
            pricePaid: Money(currency: try c["currency"].decode(String.self), amountMinor: try c["price_paid_minor"].decode(Int64.self)),
            product: ProductLine(
                name: try c["product_name"].decode(String.self),
                model: try c["product_model"].decode(String?.self),
                category: try c["product_category"].decode(String.self),
                brand: try c["product_brand"].decode(String?.self),
                serialNumber: try c["serial_number"].decode(String?.self)
            ),
            quantity: try c["quantity"].decode(Int.self),
            purchaseDate: purchaseDate,
            deliveryDate: try date("delivery_date"),
            signedForDate: try date("signed_for_date"),
            signedForAt: try c["signed_for_at"].decode(Date?.self),
            issueKind: issueKind,
            reason: try c["reason"].decode(String.self),
            requestedResolution: resolution,
            merchantID: try c["merchant_id"].decode(UUID?.self),
            evidence: try json([EvidenceReference].self, "evidence") ?? [],
            condition: try json(StoredCondition.self, "item_condition")?.condition ?? ItemCondition(),
            flags: try c["flags"].decode([String].self).compactMap(FactFlag.init(rawValue:)),
            notes: try c["notes"].decode(String?.self)
        )
        var registered = registration
        registered.groupBuySucceededDate = try date("group_buy_date")
        registered.shippedDate = try date("shipped_date")
        var record = AfterSalesCase(
            id: id,
            tenantID: tenant,
            status: status,
            registration: registered,
            createdAt: try c["created_at"].decode(Date.self)
        )
        record.registeredByRole = try c["registered_by_role"].decode(String?.self).flatMap(Role.init(rawValue:))
        record.judgement = try json(CaseJudgement.self, "judgement")
        record.inspectionFlags = try c["inspection_flags"].decode([String].self).compactMap(FactFlag.init(rawValue:))
        record.qualityIssueRuledOut = try c["quality_issue_ruled_out"].decode(Bool.self)
        record.version = try c["version"].decode(Int.self)
        record.updatedAt = try c["updated_at"].decode(Date?.self)
        record.cancellation = try c["cancellation_reason"].decode(String?.self)
        record.repairFacts = try json(CaseRepairFacts.self, "repair_facts") ?? CaseRepairFacts()
        return record
    }
}

/// The item condition as its JSON column keeps it (absent keys: nobody said).
struct StoredCondition: Codable {
    var accessoriesComplete: Bool?
    var packagingIntact: Bool?
    var receiptPresent: Bool?
    var threeGuaranteesCardPresent: Bool?

    init(_ condition: ItemCondition) {
        accessoriesComplete = condition.accessoriesComplete
        packagingIntact = condition.packagingIntact
        receiptPresent = condition.receiptPresent
        threeGuaranteesCardPresent = condition.threeGuaranteesCardPresent
    }

    var condition: ItemCondition {
        ItemCondition(
            accessoriesComplete: accessoriesComplete,
            packagingIntact: packagingIntact,
            receiptPresent: receiptPresent,
            threeGuaranteesCardPresent: threeGuaranteesCardPresent
        )
    }

    enum CodingKeys: String, CodingKey { case accessoriesComplete, packagingIntact, receiptPresent, threeGuaranteesCardPresent }
}
