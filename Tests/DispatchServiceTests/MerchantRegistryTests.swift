import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// The merchant registry through the whole stack: contract, guard, handler, SQL on a real database.
@Suite struct MerchantRegistryTests {
    typealias Harness = ServiceHarness<DispatchService>
    static let admin = TestCaller.staff([.tenantAdmin])

    static func body(_ name: String = "华强电子", regions: [String] = ["华东", "华南"]) -> [String: Any] {
        ["name": name, "contacts": [["name": "王经理", "phone": "+86 138-0013-8000", "imHandle": "qq:10001"]], "regions": regions]
    }

    @Test func aRegisteredMerchantIsReadBackActive() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let created = try await client.call("CreateMerchant", Self.body("  华强电子  ", regions: ["华东", " 华东 ", "华南"]))
                #expect(created.status == .ok)
                let merchant = created.json
                let id = try #require(merchant["merchantId"] as? String)
                #expect(UUID(uuidString: id)?.wire == id)
                #expect(merchant["name"] as? String == "华强电子", "names are trimmed")
                #expect(merchant["regions"] as? [String] == ["华东", "华南"], "duplicate regions are dropped")
                #expect(merchant["status"] as? String == "active")
                #expect(merchant["createdAt"] as? String == "2026-03-10T02:00:00Z", "registration time is the business clock's")
                let contacts = try #require(merchant["contacts"] as? [[String: Any]])
                #expect(contacts.first?["phone"] as? String == "+86 138-0013-8000")
                #expect(contacts.first?["imHandle"] as? String == "qq:10001")

                let read = try await client.call("GetMerchant", ["merchantId": id])
                #expect(read.status == .ok)
                #expect(NSDictionary(dictionary: read.json) == NSDictionary(dictionary: merchant))
            }
        }
    }

    @Test func everyFieldAtFaultIsNamedAtOnceAndNothingIsWritten() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let refused = try await client.call(
                    "CreateMerchant",
                    [
                        "name": "  ", "contacts": [["name": "", "phone": "call me"]], "regions": ["华东", "  "],
                    ]
                )
                #expect(refused.status == .badRequest)
                #expect(refused.code == "invalid_argument")
                #expect(refused.violatedFields == ["name", "contacts[0].name", "contacts[0].phone", "regions[1]"])
                let none = try await client.call("CreateMerchant", ["name": "A", "contacts": [], "regions": []])
                #expect(none.violatedFields == ["contacts", "regions"])
                // Lengths are PostgreSQL's: 51 decomposed "é" are 102 code points, over the limit of 100,
                // and refused as such rather than failing in the database.
                let decomposed = try await client.call("CreateMerchant", Self.body(String(repeating: "e\u{301}", count: 51)))
                #expect(decomposed.status == .badRequest)
                #expect(decomposed.violatedFields == ["name"])
                #expect(try await client.call("CreateMerchant", Self.body(String(repeating: "e\u{301}", count: 50))).status == .ok)
            }
        }
    }

    @Test func aNameIsTakenOncePerTenantWhateverTheCase() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                #expect(try await client.call("CreateMerchant", Self.body("Lenovo Service")).status == .ok)
                let again = try await client.call("CreateMerchant", Self.body("LENOVO service"))
                #expect(again.status == .conflict)
                #expect(again.code == "already_exists")
                #expect(again.violatedFields == ["name"])
                // Another tenant has its own namespace.
                let other = try await client.calling(as: .staff([.tenantAdmin], of: TestTenants.b))
                #expect(try await other.call("CreateMerchant", Self.body("Lenovo Service")).status == .ok)
            }
        }
    }

    @Test func aRetryWithTheSameKeyReplaysTheFirstAnswer() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "merchant-1"]
                let first = try await client.call("CreateMerchant", Self.body(), headers: key)
                let second = try await client.call("CreateMerchant", Self.body(), headers: key)
                #expect(first.status == .ok && second.status == .ok)
                #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(first.json["merchantId"] as? String == second.json["merchantId"] as? String)
            }
        }
    }

    @Test func anotherTenantsMerchantIsNotFound() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let id = try #require(try await client.call("CreateMerchant", Self.body()).json["merchantId"] as? String)
                let other = try await client.calling(as: .staff([.tenantAdmin], of: TestTenants.b))
                let read = try await other.call("GetMerchant", ["merchantId": id])
                #expect(read.status == .notFound)
                #expect(read.code == "not_found")
                let list = try await other.call("ListMerchants", [:])
                #expect((list.json["merchants"] as? [Any])?.isEmpty == true)
                #expect(try await client.call("GetMerchant", ["merchantId": "not-a-uuid"]).violatedFields == ["merchantId"])
            }
        }
    }

    @Test func aMerchantReadsItselfOnlyAndCannotRegisterOrList() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.admin) { client in
                let mine = try #require(try await client.call("CreateMerchant", Self.body("甲")).json["merchantId"] as? String)
                let theirs = try #require(try await client.call("CreateMerchant", Self.body("乙")).json["merchantId"] as? String)
                let merchant = try await client.calling(as: .merchant(mine))
                #expect(try await merchant.call("GetMerchant", ["merchantId": mine]).status == .ok)
                #expect(try await merchant.call("GetMerchant", ["merchantId": theirs]).status == .notFound)
                #expect(try await merchant.call("ListMerchants", [:]).status == .forbidden)
                #expect(try await merchant.call("CreateMerchant", Self.body("丙")).status == .forbidden)
                let clerk = try await client.calling(as: .clerk(TestTenants.a))
                #expect(try await clerk.call("CreateMerchant", Self.body("丁")).code == "permission_denied")
                // A merchant token carries the merchant role only: with a staff role it could list everyone.
                let mixed = try await client.calling(
                    as: TestCaller(
                        tenant: TestTenants.a,
                        roles: [.merchant, .dashboardReader],
                        merchant: UUID(uuidString: mine),
                        subject: "mixed"
                    )
                )
                #expect(try await mixed.call("ListMerchants", [:]).code == "unauthenticated")
            }
        }
    }
}
