import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import ReturnsService
import ServiceKit
import TestSupport
import Testing

/// What return-request tests start from: the cases and merchants Returns knows, delivered as the relays
/// deliver them, judged by the Pinduoduo-style preset; the test clock drained as the harness's worker would.
enum ReturnsFixture {
    typealias Harness = ServiceHarness<ReturnsService>
    static let agent = TestCaller.staff([.csAgent], subject: "cs-li")
    static let arbitrator = TestCaller.staff([.platformArbitrator], subject: "arbitrator-1")
    static let merchant = UUID(uuidString: "0190e3a0-0000-7000-8000-0000000000c1")!
    static let otherMerchant = UUID(uuidString: "0190e3a0-0000-7000-8000-0000000000c2")!
    /// 10:00 on 10 March 2026 in Shanghai.
    static let start = Harness.start
    static let testMode = ["TEST_MODE": "true"]

    static func storefront(_ customer: String) -> TestCaller { TestCaller.staff([.storefront], subject: customer) }
    static func merchantCaller(_ id: UUID = merchant) -> TestCaller { TestCaller.merchant(id.wire) }

    /// A Pinduoduo-style judgement of a ¥129 item: shipped (or not, promised by 12 March), special goods or not.
    static func judgement(requested: Resolution, shipped: Bool = true, specialGoods: Bool = false) -> CaseJudgement {
        var flags: Set<FactFlag> = [.qualityIssue]
        if shipped { flags.insert(.shipped) }
        if specialGoods { flags.insert(.specialGoods) }
        let facts = CaseFacts(
            pricePaid: .cny(129),
            line: OrderLine(category: "headphones", brand: "QCY", model: "T10"),
            dates: CaseDates(
                sale: LocalDate(iso: "2026-03-05")!,
                groupBuySuccess: LocalDate(iso: "2026-03-05")!,
                shipment: shipped ? LocalDate(iso: "2026-03-06")! : nil,
                promisedShipBy: LocalDate(iso: "2026-03-12")!
            ),
            flags: flags
        )
        let decision = PolicyEngine.evaluate(facts: facts, policy: PolicyPresets.pinduoduo(), calendar: BusinessCalendar(), now: start)
        return CaseJudgement(decision, requested: requested)
    }

    static func envelope<P: EventPayload>(_ payload: P, subject: UUID) throws -> String {
        try TestEvents.envelope(payload, subject: subject, occurredAt: start)
    }

    /// Intake registered a case with `merchant`, judged by `judgement` (the Pinduoduo refund-only one by default).
    static func knownCase(
        _ client: ServiceTestClient,
        merchant: UUID? = merchant,
        judgement: CaseJudgement? = judgement(requested: .refundOnly)
    ) async throws -> UUID {
        let caseID = UUID.v7()
        var registered = CaseRegistered.example
        registered.caseID = caseID
        registered.merchantID = merchant
        registered.pricePaid = .cny(129)
        registered.judgement = judgement
        try await TestEvents.deliver(client, [try envelope(registered, subject: caseID)])
        return caseID
    }

    /// Dispatch registered the merchant.
    static func knownMerchant(_ client: ServiceTestClient, _ id: UUID = merchant) async throws {
        let summary = MerchantSummary(merchantID: id, merchantVersion: 1, name: "拼多多店铺 \(id.wire.suffix(4))", status: .active, regions: [])
        try await TestEvents.deliver(client, [try envelope(MerchantRegistered(summary), subject: id)])
    }

    static func body(_ caseID: UUID, type: String = "refund_only", yuan: Int64 = 129, merchant: UUID = merchant) -> [String: Any] {
        [
            "caseId": caseID.wire, "merchantId": merchant.wire, "type": type, "amount": money(yuan),
            "reason": "左耳无声，要求退款",
        ]
    }

    static func money(_ yuan: Int64) -> [String: Any] { ["currency": "CNY", "amountMinor": yuan * 100] }

    /// A request filed by `client`'s caller on a new case; its id.
    static func file(_ client: ServiceTestClient, type: String = "refund_only", judgement: CaseJudgement? = nil) async throws -> String {
        let caseID = try await knownCase(
            client,
            judgement: judgement ?? Self.judgement(requested: type == "refund_only" ? .refundOnly : .returnAndRefund)
        )
        let created = try await client.call("CreateReturnRequest", body(caseID, type: type))
        #expect(created.status == .ok, "\(created.json)")
        return try #require(created.json["returnRequestId"] as? String)
    }

    /// Runs the due timers and settles the outbox, as the test clock's Drain does.
    static func drain(_ client: ServiceTestClient) async throws {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(try await TestTokens.token(tenant: nil, roles: [.service], subject: "service:test"))"
        let answer = try await client.execute(
            uri: PlatformPaths.testClock + "/Drain",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: "{}")
        )
        #expect(answer.status == .ok, "\(answer.json)")
    }

    /// The request's status as `client`'s caller reads it.
    static func status(_ client: ServiceTestClient, _ id: String) async throws -> String? {
        try await client.call("GetReturnRequest", ["returnRequestId": id]).json["status"] as? String
    }

    /// The events Returns wrote, oldest first: type and data.
    static func events(_ harness: Harness, type: String) async throws -> [[String: Any]] {
        let rows = try await harness.database.rows("SELECT envelope::text FROM outbox_events WHERE type = '\(type)' ORDER BY occurred_at, id")
        return rows.compactMap { text in
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["data"] as? [String: Any]
        }
    }
}
