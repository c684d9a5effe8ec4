import Foundation
import Models
import Testing

/// Golden JSON of every preset and of one decision per preset, under Tests/ModelsTests/Golden/.
/// A golden that differs fails the test; run `UPDATE_GOLDEN=1 swift test` to rewrite them after an
/// intended change, then review the diff.
@Suite struct GoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func compare(_ name: String, _ value: some Encodable) throws {
        let url = dir.appendingPathComponent(name)
        let actual = try encode(value)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(expected == actual, "golden \(name) differs (UPDATE_GOLDEN=1 rewrites it)")
    }

    /// One representative row per preset whose decision is pinned.
    static var decisionRows: [Scenario] {
        [
            PlatformScenarios.pinduoduo[0], PlatformScenarios.taobao[5], PlatformScenarios.snackAndClothing[6], PlatformScenarios.snackAndClothing[8],
            ShopScenarios.leather[0], ShopScenarios.laptop[0], ShopScenarios.smartHome[0], MallScenarios.all[7],
            ThreeGuaranteesScenarios.departmentStore[0], ThreeGuaranteesScenarios.furniture[1],
        ]
    }

    @Test(arguments: PolicyPresets.all.map(\.policyId)) func presetGolden(_ id: String) throws {
        let preset = PolicyPresets.all.first { $0.policyId == id }!
        try Self.compare("policy_\(id).json", preset)
        let url = Self.dir.appendingPathComponent("policy_\(id).json")
        let decoded = try JSONDecoder().decode(PolicyDocument.self, from: Data(contentsOf: url))
        #expect(decoded == preset)
    }

    @Test(arguments: decisionRows) func decisionGolden(_ row: Scenario) throws {
        let decision = row.evaluate()
        try Self.compare("decision_\(row.policy.policyId).json", decision)
        let url = Self.dir.appendingPathComponent("decision_\(row.policy.policyId).json")
        #expect(try JSONDecoder().decode(PolicyDecision.self, from: Data(contentsOf: url)) == decision)
    }

    @Test func wireShapes() throws {
        let json = try Self.encode(PolicyPresets.departmentStore())
        #expect(json.contains("\"type\" : \"depreciation\""))
        #expect(json.contains("\"unit\" : \"calendar_months\""))
        #expect(!json.contains("\"_0\""), "no synthesized enum-with-payload encoding")
    }
}
