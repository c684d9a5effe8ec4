public import Foundation
public import Models

/// A part as the catalogue records it, checked. Pure: every rule is tested without a database.
public struct PartCataloguing: Sendable, Equatable {
    public var partNumber: String
    public var name: String
    public var fittingModels: [String]
    public var kind: PartKind
    public var unitCost: Money

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var partNumber: String
        public var name: String
        public var fittingModels: [String]
        public var kind: PartKind
        public var unitCost: Money

        public init(partNumber: String, name: String, fittingModels: [String], kind: PartKind, unitCost: Money) {
            self.partNumber = partNumber
            self.name = name
            self.fittingModels = fittingModels
            self.kind = kind
            self.unitCost = unitCost
        }
    }

    /// The highest unit cost accepted: ¥10,000,000.00, far above any part, well inside Int64.
    public static let maxUnitCostMinor: Int64 = 1_000_000_000

    /// - Returns: the part, or every field at fault.
    public static func validate(_ draft: Draft) -> Result<PartCataloguing, ErrorBody> {
        var checks = FieldChecks()
        let partNumber = normalizedPartNumber(draft.partNumber, &checks)
        let name = checks.text(draft.name, "name", max: 200)
        let models = checks.texts(draft.fittingModels, "fittingModels", count: 0...100, max: 100)
        let cost = checks.money(draft.unitCost, "unitCost", range: 0...maxUnitCostMinor)
        if let error = checks.error { return .failure(error) }
        return .success(PartCataloguing(partNumber: partNumber, name: name, fittingModels: models, kind: draft.kind, unitCost: cost))
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
}

/// A catalogued part.
public struct Part: Sendable, Equatable {
    public var id: UUID
    public var cataloguing: PartCataloguing
    public var createdAt: Date
}
