public import Foundation
public import Models

/// A part as the catalogue records it, checked. Pure: every rule is tested without a database.
public struct PartCataloguing: Sendable, Equatable {
    public var partNumber: String
    public var name: String
    public var category: String?
    public var fittingModels: [String]
    public var kind: PartKind
    public var valueClass: ValueClass
    public var unitCost: Money
    /// What a customer is charged for it; nil when it is not sold on its own.
    public var unitPrice: Money?
    public var suppliers: [PartSupplier]

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var partNumber: String
        public var name: String
        public var category: String?
        public var fittingModels: [String]
        public var kind: PartKind
        public var valueClass: ValueClass?
        public var unitCost: Money
        public var unitPrice: Money?
        public var suppliers: [(supplierID: String, leadTimeDays: Int64)]

        public init(
            partNumber: String,
            name: String,
            category: String? = nil,
            fittingModels: [String],
            kind: PartKind,
            valueClass: ValueClass? = nil,
            unitCost: Money,
            unitPrice: Money? = nil,
            suppliers: [(supplierID: String, leadTimeDays: Int64)] = []
        ) {
            self.partNumber = partNumber
            self.name = name
            self.category = category
            self.fittingModels = fittingModels
            self.kind = kind
            self.valueClass = valueClass
            self.unitCost = unitCost
            self.unitPrice = unitPrice
            self.suppliers = suppliers
        }
    }

    /// The highest unit cost or price accepted: ¥10,000,000.00, far above any part, well inside Int64.
    public static let maxUnitCostMinor: Int64 = 1_000_000_000
    public static let maxSuppliers = 10

    /// - Returns: the part, or every field at fault.
    public static func validate(_ draft: Draft) -> Result<PartCataloguing, ErrorBody> {
        var checks = FieldChecks()
        let partNumber = normalizedPartNumber(draft.partNumber, &checks)
        let name = checks.text(draft.name, "name", max: 200)
        let category = checks.optionalText(draft.category, "category", max: 50)
        let models = checks.texts(draft.fittingModels, "fittingModels", count: 0...100, max: 100)
        let cost = checks.money(draft.unitCost, "unitCost", range: 0...maxUnitCostMinor)
        let price = draft.unitPrice.map { checks.money($0, "unitPrice", range: 0...maxUnitCostMinor) }
        if let price, price.currency != cost.currency { checks.fail("unitPrice.currency", "must be the unit cost's currency") }
        var suppliers: [PartSupplier] = []
        if draft.suppliers.count > maxSuppliers { checks.fail("suppliers", "must have at most \(maxSuppliers) entries") }
        for (index, entry) in draft.suppliers.prefix(maxSuppliers).enumerated() {
            let id = checks.uuid(entry.supplierID, "suppliers[\(index)].supplierId")
            let days = checks.number(entry.leadTimeDays, "suppliers[\(index)].leadTimeDays", range: 0...365)
            guard let id else { continue }
            if suppliers.contains(where: { $0.supplierID == id }) {
                checks.fail("suppliers[\(index)].supplierId", "names a supplier already listed")
            } else {
                suppliers.append(PartSupplier(supplierID: id, leadTimeDays: days))
            }
        }
        if let error = checks.error { return .failure(error) }
        return .success(
            PartCataloguing(
                partNumber: partNumber,
                name: name,
                category: category,
                fittingModels: models,
                kind: draft.kind,
                valueClass: draft.valueClass ?? .a,
                unitCost: cost,
                unitPrice: price,
                suppliers: suppliers
            )
        )
    }

    /// Part numbers are compared in upper case: `kb-01` and `KB-01` are one part.
    public static func normalizedPartNumber(_ value: String, _ checks: inout FieldChecks, field: String = "partNumber") -> String {
        let trimmed = value.trimmed
        // ASCII is checked before upper-casing: "ß".uppercased() is "SS", "ﬁ" becomes "FI".
        let allowed = trimmed.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_/".contains($0)) }
        let text = trimmed.uppercased()
        if text.isEmpty || text.count > 64 || !allowed {
            checks.fail(field, "must be 1–64 of A–Z, 0–9, '.', '-', '_', '/'")
        }
        return text
    }

    /// The text a search matches: name, category and fitting models, lower-cased (Latin letters; Chinese
    /// has no case).
    public var searchText: String {
        ([name, category ?? ""] + fittingModels).joined(separator: "\u{1F}").lowercased()
    }

    /// The lead time of the quickest supplier, if any is listed.
    public var shortestLeadTimeDays: Int? { suppliers.map(\.leadTimeDays).min() }
}

/// A supplier that delivers a part, and how many days it takes.
public struct PartSupplier: Sendable, Equatable, Codable {
    public var supplierID: UUID
    public var leadTimeDays: Int

    public init(supplierID: UUID, leadTimeDays: Int) {
        self.supplierID = supplierID
        self.leadTimeDays = leadTimeDays
    }

    enum CodingKeys: String, CodingKey { case supplierId, leadTimeDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        supplierID = try c.decodeWireUUID(forKey: .supplierId)
        leadTimeDays = try c.decode(Int.self, forKey: .leadTimeDays)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(supplierID.wireText, forKey: .supplierId)
        try c.encode(leadTimeDays, forKey: .leadTimeDays)
    }
}

/// A catalogued part.
public struct Part: Sendable, Equatable {
    public var id: UUID
    public var cataloguing: PartCataloguing
    public var status: PartStatus = .active
    public var version: Int = 1
    public var createdAt: Date
    public var retiredAt: Date?
    public var retiredReason: String?

    public init(
        id: UUID,
        cataloguing: PartCataloguing,
        status: PartStatus = .active,
        version: Int = 1,
        createdAt: Date,
        retiredAt: Date? = nil,
        retiredReason: String? = nil
    ) {
        self.id = id
        self.cataloguing = cataloguing
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.retiredAt = retiredAt
        self.retiredReason = retiredReason
    }
}
