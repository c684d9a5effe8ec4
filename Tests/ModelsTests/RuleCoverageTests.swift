import Foundation
import Models
import Testing

/// Every rule id defined in rules.md §3–§5 must be either cited by an asserted `evaluate` outcome of the
/// preset tables, or listed in `OutOfScopeRules` with its owner.
///
/// rules.md is read from the repository's own copy (`Fixtures/rules.md`), so CI's fresh clone has it; where
/// the team's shared folder sits next to the checkout, a second test keeps the copy identical to it.
@Suite struct RuleCoverageTests {
    static let vendoredRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/rules.md")
    static let sharedRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "shared/domain/rules.md")

    static func ruleIdsInRulesMd() throws -> Set<String> {
        let text = try String(contentsOf: vendoredRules, encoding: .utf8)
        var ids = Set<String>()
        var inScope = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inScope = line.hasPrefix("## 3.") || line.hasPrefix("## 4.") || line.hasPrefix("## 5.") }
            guard inScope, line.hasPrefix("| ") else { continue }
            let first = line.dropFirst(2).prefix { $0 != " " && $0 != "|" }
            if PolicyDocument.isRuleId(String(first)) { ids.insert(String(first)) }
        }
        return ids
    }

    @Test func everyRuleIsCoveredOrOutOfScope() throws {
        let defined = try Self.ruleIdsInRulesMd()
        #expect(defined.count == 282, "rules.md §3–§5 define 204 + 30 + 48 ids; found \(defined.count)")
        var covered = Set<String>()
        for row in AllScenarios.all { covered.formUnion(row.check()) }
        let outOfScope = Set(OutOfScopeRules.all.map(\.ruleId))
        let missing = defined.subtracting(covered).subtracting(outOfScope).sorted()
        #expect(missing.isEmpty, "rule ids neither covered nor out of scope: \(missing)")
        // Honesty: nothing listed as out of scope is decided by the engine, and every listed id exists.
        #expect(outOfScope.intersection(covered).sorted().isEmpty, "listed out of scope but covered: \(outOfScope.intersection(covered).sorted())")
        #expect(outOfScope.subtracting(defined).isEmpty, "unknown ids: \(outOfScope.subtracting(defined).sorted())")
        #expect(OutOfScopeRules.all.count == outOfScope.count, "an id is listed twice")
    }

    /// Only where the shared folder is present (a developer's machine, not CI's bare clone).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedRules.path)))
    func theVendoredRulesAreTheSharedRules() throws {
        let shared = try Data(contentsOf: Self.sharedRules)
        let vendored = try Data(contentsOf: Self.vendoredRules)
        #expect(shared == vendored, "copy ../shared/domain/rules.md to Tests/ModelsTests/Fixtures/rules.md")
    }
}
