import Foundation
import Models
import TestSupport
import Testing

/// The error schema is repeated in every contract (the generator cannot follow `$ref`s across files); the
/// copies must stay identical and match `Models.ErrorBody`'s codes.
@Suite struct ContractErrorSchemaTests {
    static let schemaNames = ["ErrorBody", "ErrorCode", "FieldViolation"]

    /// The text of `components.schemas.<name>` (4-space indented key up to the next key at that indent).
    static func schemaBlock(_ name: String, in yaml: String) -> String? {
        let lines = yaml.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "    \(name):") else { return nil }
        var block = [lines[start]]
        for line in lines[(start + 1)...] {
            if line.hasPrefix("     ") || line.trimmingCharacters(in: .whitespaces).isEmpty { block.append(line) } else { break }
        }
        return block.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func contracts() throws -> [(String, String)] {
        let folder = TestEnvironment.repositoryRoot.appending(path: "Shared/Contracts")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path()).sorted()
        return try names.map { name in
            (name, try String(contentsOf: folder.appending(path: "\(name)/openapi.yaml"), encoding: .utf8))
        }
    }

    @Test func everyContractCarriesTheSameErrorSchema() throws {
        let contracts = try Self.contracts()
        #expect(!contracts.isEmpty)
        for schema in Self.schemaNames {
            let copies = contracts.map { (name, yaml) in (name, Self.schemaBlock(schema, in: yaml)) }
            for (name, block) in copies { #expect(block != nil, "\(name) lacks \(schema)") }
            #expect(Set(copies.compactMap(\.1)).count == 1, "\(schema) differs between contracts")
        }
    }

    @Test func theContractCodesAreTheCanonicalCodes() throws {
        for (name, yaml) in try Self.contracts() {
            let block = try #require(Self.schemaBlock("ErrorCode", in: yaml))
            let listed =
                block.components(separatedBy: "enum: [").last?.components(separatedBy: "]").first?
                .components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            #expect(Set(listed) == Set(ErrorCode.allCases.map(\.rawValue)), "\(name)")
        }
    }

    @Test func everyOperationAnswersErrorsWithTheErrorBody() throws {
        for (name, yaml) in try Self.contracts() {
            let operations = yaml.components(separatedBy: "operationId:").count - 1
            let defaults = yaml.components(separatedBy: "schema: {$ref: \"#/components/schemas/ErrorBody\"}").count - 1
            #expect(operations > 0)
            #expect(defaults == operations, "\(name): every operation documents its errors as ErrorBody")
        }
    }
}
