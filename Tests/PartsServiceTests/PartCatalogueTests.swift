import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PartsService
import ServiceKit
import TestSupport
import Testing

/// The parts catalogue through the whole stack: contract, guard, handler, SQL on a real database.
@Suite struct PartCatalogueTests {
    typealias Harness = ServiceHarness<PartsService>
    static let clerk = TestCaller.staff([.partsClerk])

    static func body(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "partNumber": "kb-x1c-12", "name": "ThinkPad X1 Carbon 键盘", "fittingModels": ["X1 Carbon Gen 12", "X1 Carbon Gen 11"],
            "kind": "oem_part", "unitCost": ["currency": "CNY", "amountMinor": 45_900],
        ]
        for (key, value) in overrides { body[key] = value }
        return body
    }

    @Test func aCataloguedPartIsReadBackByIdAndByNumber() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.clerk) { client in
                let created = try await client.call("CreatePart", Self.body())
                #expect(created.status == .ok)
                let part = created.json
                let id = try #require(part["partId"] as? String)
                #expect(part["partNumber"] as? String == "KB-X1C-12", "part numbers are kept in upper case")
                #expect(part["kind"] as? String == "oem_part")
                #expect(part["fittingModels"] as? [String] == ["X1 Carbon Gen 12", "X1 Carbon Gen 11"])
                let cost = try #require(part["unitCost"] as? [String: Any])
                #expect(cost["currency"] as? String == "CNY")
                #expect(cost["amountMinor"] as? Int == 45_900, "money travels as integer minor units")
                #expect(part["createdAt"] as? String == "2026-03-10T02:00:00Z")

                let byID = try await client.call("GetPart", ["partId": id])
                #expect(NSDictionary(dictionary: byID.json) == NSDictionary(dictionary: part))
                let byNumber = try await client.call("GetPart", ["partNumber": " Kb-X1c-12 "])
                #expect(byNumber.json["partId"] as? String == id)
            }
        }
    }

    @Test func aPartNumberIsCataloguedOncePerTenant() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.clerk) { client in
                #expect(try await client.call("CreatePart", Self.body()).status == .ok)
                let again = try await client.call("CreatePart", Self.body(["partNumber": "KB-X1C-12", "kind": "aftermarket_part"]))
                #expect(again.status == .conflict)
                #expect(again.code == "already_exists")
                #expect(again.violatedFields == ["partNumber"])
                let other = try await client.calling(as: .staff([.partsClerk], of: TestTenants.b))
                #expect(try await other.call("CreatePart", Self.body()).status == .ok)
            }
        }
    }

    @Test func badFieldsAreNamedTogether() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.clerk) { client in
                let refused = try await client.call(
                    "CreatePart",
                    Self.body([
                        "partNumber": "键盘 01", "name": "", "fittingModels": ["", "X1"],
                        "unitCost": ["currency": "EUR", "amountMinor": -1],
                    ])
                )
                #expect(refused.status == .badRequest)
                #expect(refused.violatedFields == ["partNumber", "name", "fittingModels[0]", "unitCost.currency", "unitCost.amountMinor"])
                let unknownKind = try await client.call("CreatePart", Self.body(["kind": "refurbished"]))
                #expect(unknownKind.status == .badRequest)
                #expect(unknownKind.code == "invalid_argument")
                let float = try await client.call("CreatePart", Self.body(["unitCost": ["currency": "CNY", "amountMinor": 459.5]]))
                #expect(float.status == .badRequest, "a float is never an amount")
                #expect(try await client.call("GetPart", [:]).violatedFields == ["partId", "partNumber"])
                #expect(
                    try await client.call("GetPart", ["partId": UUID().uuidString, "partNumber": "A"]).violatedFields == ["partId", "partNumber"]
                )
                // Letters that upper-case into ASCII are not ASCII: "ſ" would become "S".
                #expect(try await client.call("CreatePart", Self.body(["partNumber": "kb-ſ1"])).violatedFields == ["partNumber"])
            }
        }
    }

    @Test func anotherTenantsPartIsNotFoundAndMerchantsHaveNoAccess() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.clerk) { client in
                let id = try #require(try await client.call("CreatePart", Self.body()).json["partId"] as? String)
                let other = try await client.calling(as: .staff([.partsClerk], of: TestTenants.b))
                #expect(try await other.call("GetPart", ["partId": id]).status == .notFound)
                #expect(try await other.call("GetPart", ["partNumber": "KB-X1C-12"]).status == .notFound)
                let technician = try await client.calling(as: .staff([.technician]))
                #expect(try await technician.call("GetPart", ["partId": id]).status == .ok)
                #expect(try await technician.call("CreatePart", Self.body(["partNumber": "B"])).status == .forbidden)
                let merchant = try await client.calling(as: .merchant("0190e3a0-0000-7000-8000-0000000000c1"))
                #expect(try await merchant.call("GetPart", ["partId": id]).status == .forbidden)
            }
        }
    }
}
