import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import PostgresNIO
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// CreateCase and GetCase through the whole stack: contract, handler, SQL on a real database, and back.
@Suite struct CreateAndGetCaseTests {
    @Test func aRegisteredCaseIsReadBackAsRegistered() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let created = try await client.call("CreateCase", IntakeRequests.createBody(order: "DD20260301-0042"))
                #expect(created.status == .ok)
                let body = created.json
                let caseID = try #require(body["caseId"] as? String)
                #expect(UUID(uuidString: caseID)?.wire == caseID, "ids travel as lowercase UUIDs")
                #expect(body["status"] as? String == "recorded")
                #expect(body["orderNumber"] as? String == "DD20260301-0042")
                #expect(body["productName"] as? String == "笔记本电脑 ThinkPad X1")
                #expect(body["productModel"] as? String == "X1 Carbon Gen 12")
                #expect(body["quantity"] as? Int == 1)
                #expect(body["purchaseDate"] as? String == "2026-03-01")
                #expect(body["reason"] as? String == "屏幕开机后闪烁")
                #expect(body["requestedResolution"] as? String == "repair")
                #expect(body["merchantId"] as? String == IntakeRequests.merchant)
                #expect(body["channel"] as? String == "online" && body["issueKind"] as? String == "quality_issue")
                #expect(body["productCategory"] as? String == "laptop" && body["productBrand"] as? String == "Lenovo")
                #expect((body["pricePaid"] as? [String: Any])?["amountMinor"] as? Int == 899_900)
                let customer = body["customer"] as? [String: Any]
                #expect(customer?["phone"] as? String == "+8613912345678", "kept normalised")
                #expect(customer?["name"] as? String == "王芳")
                #expect(body["version"] as? Int == 1)
                #expect(body["flags"] as? [String] == ["functional_fault", "has_warranty_card"])
                // Judged at registration by the tenant's current policy (the fixture's laptop-shop v1).
                let judgement = body["judgement"] as? [String: Any]
                #expect(judgement?["policyId"] as? String == "laptop_shop" && judgement?["policyVersion"] as? Int == 1)
                #expect(judgement?["status"] as? String == "eligible", "\(String(describing: judgement?["reasons"]))")
                // Registration time is business time: the injected clock, not the database's or the machine's.
                #expect(body["createdAt"] as? String == "2026-03-10T02:00:00Z")

                let read = try await client.call("GetCase", ["caseId": caseID])
                #expect(read.status == .ok)
                #expect(NSDictionary(dictionary: read.json) == NSDictionary(dictionary: body))
            }
        }
    }

    @Test func registrationTimeFollowsTheInjectedClock() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                try harness.clock.advance(by: 3 * 86_400 + 90)
                let created = try await client.call("CreateCase", IntakeRequests.createBody())
                #expect(created.json["createdAt"] as? String == "2026-03-13T02:01:30Z")
            }
        }
    }

    @Test func blankTextIsTrimmedAndAnEmptyModelIsAbsent() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let created = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody(["orderNumber": "  DD-7  ", "productModel": "   "])
                )
                #expect(created.status == .ok)
                #expect(created.json["orderNumber"] as? String == "DD-7")
                #expect(created.json["productModel"] == nil)
            }
        }
    }

    /// "Today" is the tenant's calendar day (Asia/Shanghai by default), not UTC's.
    @Test func thePurchaseDateMayBeTodayInTheTenantsTimeZoneButNotLater() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            // 2026-03-10 17:30 UTC is already 2026-03-11 01:30 in Beijing.
            try harness.clock.set(Date(timeIntervalSince1970: 1_773_163_800))
            try await harness.serve { client in
                let today = try await client.call("CreateCase", IntakeRequests.createBody(["purchaseDate": "2026-03-11"]))
                #expect(today.status == .ok)
                let tomorrow = try await client.call("CreateCase", IntakeRequests.createBody(["purchaseDate": "2026-03-12"]))
                #expect(tomorrow.status == .badRequest)
                #expect(tomorrow.violatedFields == ["purchaseDate"])
            }
        }
    }

    @Test func everyFieldAtFaultIsReportedAtOnceAndNothingIsWritten() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let answer = try await client.call(
                    "CreateCase",
                    IntakeRequests.createBody([
                        "orderNumber": " ", "productName": "", "productModel": String(repeating: "型", count: 101),
                        "quantity": 0, "purchaseDate": "2026-02-30", "reason": String(repeating: "坏", count: 2001),
                        "merchantId": "merchant-7", "customer": ["name": "王芳", "phone": "12"], "productCategory": "笔记本",
                        "evidence": [["url": "ftp://x", "sha256": String(repeating: "0", count: 64)]],
                    ])
                )
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
                #expect(
                    answer.violatedFields
                        == [
                            "customer.phone", "orderNumber", "productName", "productModel", "productCategory", "quantity", "purchaseDate", "reason",
                            "merchantId", "evidence[0].url",
                        ]
                )
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    @Test(
        arguments: [
            (["quantity": NSNull()], "quantity"),
            (["requestedResolution": "money_back_please"], "requestedResolution"),
            (["quantity": "one"], "quantity"),
            (["quantity": 3_000_000_000], "quantity"),
            (["merchantId": 42], "merchantId"),
            (["channel": "wechat"], "channel"),
            (["pricePaid": ["currency": "CNY", "amountMinor": "12.50"]], "pricePaid.amountMinor"),
            (["customer": NSNull()], "customer"),
        ] as [([String: any Sendable], String)]
    )
    func malformedFieldsAreNamed(overrides: [String: any Sendable], field: String) async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("CreateCase", IntakeRequests.createBody(overrides))
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
                #expect(answer.violatedFields == [field])
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    @Test func unknownFieldsAreIgnoredForForwardCompatibility() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("CreateCase", IntakeRequests.createBody(["futureField": "wechat", "extra": ["a": 1]]))
                #expect(answer.status == .ok)
            }
        }
    }

    @Test func anUnknownOrMalformedCaseIdIsAnsweredPrecisely() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            try await harness.serve { client in
                let missing = try await client.call("GetCase", ["caseId": UUID.v7().wire])
                #expect(missing.status == .notFound)
                #expect(missing.json["code"] as? String == "not_found")

                let malformed = try await client.call("GetCase", ["caseId": "case-1"])
                #expect(malformed.status == .badRequest)
                #expect(malformed.violatedFields == ["caseId"])
            }
        }
    }

    /// A tenant never sees another tenant's case, and cannot tell that it exists.
    @Test func anotherTenantsCaseIsNotFound() async throws {
        try await ServiceHarness<IntakeService>.with { harness in
            let box = Box()
            try await harness.serve(as: .clerk(TestTenants.a)) { client in
                box.caseID = try await client.call("CreateCase", IntakeRequests.createBody()).json["caseId"] as? String
            }
            let caseID = try #require(box.caseID)
            try await harness.serve(as: .clerk(TestTenants.b)) { client in
                let answer = try await client.call("GetCase", ["caseId": caseID])
                #expect(answer.status == .notFound)
                #expect(answer.json["message"] as? String == "case \(caseID) not found")
            }
            try await harness.serve(as: .clerk(TestTenants.a)) { client in
                let own = try await client.call("GetCase", ["caseId": caseID])
                #expect(own.status == .ok)
            }
        }
    }
}

extension ServiceHarness<IntakeService> {
    func caseCount() async throws -> Int { try await database.count("cases") }
}
