import Models
import PartsService
import Testing

/// The catalogue's rules alone, without I/O.
@Suite struct PartCataloguingRuleTests {
    func draft(_ partNumber: String, cost: Int64 = 1500, models: [String] = []) -> PartCataloguing.Draft {
        PartCataloguing.Draft(
            partNumber: partNumber,
            name: "主板",
            fittingModels: models,
            kind: .oemPart,
            unitCost: Money(currency: "CNY", amountMinor: cost)
        )
    }

    @Test func partNumbersAreComparedInUpperCase() throws {
        #expect(try PartCataloguing.validate(draft(" kb-01/a ")).get().partNumber == "KB-01/A")
    }

    /// ASCII is checked before upper-casing: "ß" would become "SS" and pass as a different part number.
    @Test(arguments: ["", "KB 01", "ß-1", "主板-1", String(repeating: "A", count: 65)])
    func partNumbersOutsideTheirAlphabetAreRefused(_ partNumber: String) {
        #expect(Self.fields(PartCataloguing.validate(draft(partNumber))) == ["partNumber"])
    }

    @Test func costsAreNotNegativeAndFittingModelsAreKeptOnce() throws {
        #expect(Self.fields(PartCataloguing.validate(draft("KB-1", cost: -1))) == ["unitCost.amountMinor"])
        #expect(try PartCataloguing.validate(draft("KB-1", cost: 0, models: ["X1", "X1 ", "T14"])).get().fittingModels == ["X1", "T14"])
    }

    static func fields(_ result: Result<PartCataloguing, ErrorBody>) -> Set<String> {
        guard case .failure(let error) = result else { return [] }
        return Set(error.details.map(\.field))
    }
}
