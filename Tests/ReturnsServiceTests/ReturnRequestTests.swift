import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ReturnsService
import ServiceKit
import TestSupport
import Testing

/// Return requests through the whole stack: contract, guard, handler, SQL on a real database.
@Suite struct ReturnRequestTests {
    typealias Harness = ServiceHarness<ReturnsService>
    static let agent = TestCaller.staff([.csAgent])
    static let merchant = "0190e3a0-0000-7000-8000-0000000000c1"
    static let otherMerchant = "0190e3a0-0000-7000-8000-0000000000c2"

    static func body(case caseID: String = "0190e3a0-0000-7000-8000-0000000000f1", _ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "caseId": caseID, "merchantId": merchant, "type": "return_and_refund",
            "amount": ["currency": "CNY", "amountMinor": 12_950], "reason": "尺码不合适，七天无理由退货",
        ]
        for (key, value) in overrides { body[key] = value }
        return body
    }

    @Test func aFiledRequestIsReadBackRequested() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.agent) { client in
                let created = try await client.call("CreateReturnRequest", Self.body())
                #expect(created.status == .ok)
                let request = created.json
                let id = try #require(request["returnRequestId"] as? String)
                #expect(request["type"] as? String == "return_and_refund")
                #expect(request["status"] as? String == "requested")
                #expect((request["amount"] as? [String: Any])?["amountMinor"] as? Int == 12_950)
                #expect(request["merchantId"] as? String == Self.merchant)
                let read = try await client.call("GetReturnRequest", ["returnRequestId": id])
                #expect(NSDictionary(dictionary: read.json) == NSDictionary(dictionary: request))
            }
        }
    }

    @Test func aRefundPaysSomethingAnExchangeMayOweNothing() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.agent) { client in
                let zero: [String: Any] = ["currency": "CNY", "amountMinor": 0]
                for type in ["refund_only", "return_and_refund"] {
                    let refused = try await client.call("CreateReturnRequest", Self.body(["type": type, "amount": zero]))
                    #expect(refused.violatedFields == ["amount.amountMinor"], "\(type) with nothing to refund")
                }
                let exchange = try await client.call("CreateReturnRequest", Self.body(["type": "exchange", "amount": zero]))
                #expect(exchange.status == .ok)
                let bad = try await client.call(
                    "CreateReturnRequest",
                    Self.body(case: "c", ["merchantId": "m", "reason": " ", "amount": ["currency": "cny", "amountMinor": 1]])
                )
                #expect(bad.violatedFields == ["caseId", "merchantId", "amount.currency", "reason"])
                let unknownType = try await client.call("CreateReturnRequest", Self.body(["type": "repair"]))
                #expect(unknownType.code == "invalid_argument")
            }
        }
    }

    @Test func aCaseHasOneOpenRequestAtATime() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.agent) { client in
                #expect(try await client.call("CreateReturnRequest", Self.body()).status == .ok)
                let second = try await client.call("CreateReturnRequest", Self.body(["type": "refund_only"]))
                #expect(second.status == .conflict)
                #expect(second.code == "already_exists")
                #expect(second.violatedFields == ["caseId"])
                let anotherCase = try await client.call("CreateReturnRequest", Self.body(case: "0190e3a0-0000-7000-8000-0000000000f2"))
                #expect(anotherCase.status == .ok)
            }
        }
    }

    @Test func aMerchantReadsTheRequestsAddressedToItOnly() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: Self.agent) { client in
                let id = try #require(try await client.call("CreateReturnRequest", Self.body()).json["returnRequestId"] as? String)
                let addressee = try await client.calling(as: .merchant(Self.merchant))
                #expect(try await addressee.call("GetReturnRequest", ["returnRequestId": id]).status == .ok)
                let stranger = try await client.calling(as: .merchant(Self.otherMerchant))
                #expect(try await stranger.call("GetReturnRequest", ["returnRequestId": id]).status == .notFound)
                #expect(try await addressee.call("CreateReturnRequest", Self.body(case: UUID().uuidString)).status == .forbidden)
                let otherTenant = try await client.calling(as: .staff([.csAgent], of: TestTenants.b))
                #expect(try await otherTenant.call("GetReturnRequest", ["returnRequestId": id]).status == .notFound)
            }
        }
    }
}
