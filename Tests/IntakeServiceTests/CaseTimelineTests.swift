import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The hand-off events reach Intake's EventSink (as every producer's relay posts them) in every order,
/// late and repeated: the case ends where its life says, each event is on the timeline once, in the order
/// things happened; a merchant's view leaves out what it may not see.
@Suite struct CaseTimelineTests {
    typealias Harness = ServiceHarness<IntakeService>
    static let start = Date(timeIntervalSince1970: 1_773_108_000)  // the harness clock: 2026-03-10T02:00:00Z
    static let merchant = UUID(uuidString: IntakeRequests.merchant)!

    /// The envelope of `payload` about `caseID`, `seconds` after the clock's start.
    static func envelope<P: EventPayload>(_ payload: P, case caseID: UUID, at seconds: Double, id: UUID = .v7()) throws -> String {
        let envelope = EventEnvelope(
            id: id,
            tenantID: TestTenants.a,
            subject: EventSubject(kind: "case", id: caseID.wire),
            occurredAt: start.addingTimeInterval(seconds),
            producer: P.producer,
            data: payload
        )
        return String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
    }

    static func deliver(_ client: ServiceTestClient, _ envelopes: [String]) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(try await TestTokens.token(tenant: nil, roles: [.service], subject: "service:test"))"
        let body = #"{"events":[\#(envelopes.joined(separator: ","))]}"#
        return try await client.execute(uri: PlatformPaths.deliver, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A refund's path: queued, acknowledged, agreed, request opened, refunded — one envelope each.
    static func refundPath(_ caseID: UUID) throws -> [String] {
        let fields = MerchantCaseFields(caseID: caseID, merchantID: merchant, respondBy: start.addingTimeInterval(48 * 3600))
        return [
            try envelope(CaseQueuedForMerchant(fields), case: caseID, at: 1),
            try envelope(CaseAcknowledgedByMerchant(fields), case: caseID, at: 2),
            try envelope(ResolutionAgreed(caseID: caseID, merchantID: merchant, resolution: .refundOnly, refund: .cny(129)), case: caseID, at: 3),
            try envelope(
                ReturnRequestChanged(
                    returnRequestID: .v7(),
                    caseID: caseID,
                    merchantID: merchant,
                    type: .refundOnly,
                    status: .requested,
                    step: "submitted",
                    dueAt: nil
                ),
                case: caseID,
                at: 4
            ),
            try envelope(
                RefundPaid(
                    caseID: caseID,
                    returnRequestID: .v7(),
                    merchantID: nil,
                    purpose: .refund,
                    amount: .cny(129),
                    paymentID: .v7(),
                    ledgerEntryID: .v7(),
                    providerReference: "po_test"
                ),
                case: caseID,
                at: 5
            ),
        ]
    }

    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    static func register(_ client: ServiceTestClient) async throws -> UUID {
        let created = try await client.call("CreateCase", IntakeRequests.createBody())
        return try #require(UUID(uuidString: created.json["caseId"] as? String ?? ""), "\(created.json)")
    }

    static func types(_ answer: TestResponse) -> [String] {
        (answer.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
    }

    @Test func everyOrderOfARefundsEventsEndsResolvedWithOneTimelineInTheOrderThingsHappened() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                let expected = [
                    "case.registered", "dispatch.case_queued", "dispatch.case_acknowledged", "dispatch.resolution_agreed",
                    "returns.request_changed", "refund.paid",
                ]
                for order in Self.permutations(Array(0..<5)) {
                    let caseID = try await Self.register(client)
                    let path = try Self.refundPath(caseID)
                    for index in order {
                        let answer = try await Self.deliver(client, [path[index]])
                        #expect(answer.status == .ok && answer.json["applied"] as? Int == 1, "\(order): \(answer.json)")
                    }
                    // A redelivery of everything is a duplicate, with no second entry.
                    let again = try await Self.deliver(client, path)
                    #expect(again.json["duplicates"] as? Int == 5)
                    #expect(try await client.call("GetCase", ["caseId": caseID.wire]).json["status"] as? String == "resolved", "\(order)")
                    let timeline = try await client.call("GetCaseTimeline", ["caseId": caseID.wire])
                    #expect(Self.types(timeline) == expected, "\(order)")
                }
            }
        }
    }

    @Test func aLateEventIsKeptAndAcknowledgedButMovesNothingBack() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk])) { client in
                let caseID = try await Self.register(client)
                let fields = MerchantCaseFields(caseID: caseID, merchantID: Self.merchant, respondBy: Self.start)
                let done = try Self.envelope(
                    RepairOrderChanged(
                        repairOrderID: .v7(),
                        caseID: caseID,
                        stage: .returnedToCustomer,
                        status: .delivered,
                        step: "handed_over",
                        dueAt: nil
                    ),
                    case: caseID,
                    at: 50
                )
                #expect(try await Self.deliver(client, [done]).status == .ok)
                let late = try Self.envelope(MerchantResponseOverdue(fields), case: caseID, at: 10)
                let answer = try await Self.deliver(client, [late])
                #expect(answer.status == .ok && answer.json["applied"] as? Int == 1, "recorded and acknowledged, never dead-lettered")
                #expect(try await client.call("GetCase", ["caseId": caseID.wire]).json["status"] as? String == "resolved")
                let timeline = try await client.call("GetCaseTimeline", ["caseId": caseID.wire])
                #expect(Self.types(timeline) == ["case.registered", "dispatch.merchant_response_overdue", "repairs.order_changed"])
                let overdue = (timeline.json["entries"] as? [[String: Any]])?[1]
                #expect(overdue?["actorRole"] as? String == "system" && overdue?["service"] as? String == "dispatch")
                #expect(overdue?["occurredAt"] as? String == "2026-03-10T02:00:10Z")
            }
        }
    }

    @Test func aMerchantSeesItsOwnCasesCustomerFacingAndOwnStepsOnly() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk])) { client in
                let caseID = try await Self.register(client)
                let fields = MerchantCaseFields(caseID: caseID, merchantID: Self.merchant, respondBy: Self.start.addingTimeInterval(3600))
                let events = [
                    try Self.envelope(CaseQueuedForMerchant(fields), case: caseID, at: 1),
                    try Self.envelope(
                        InspectionRecorded(caseID: caseID, merchantID: Self.merchant, outcome: .differsFromReport, findings: "进水"),
                        case: caseID,
                        at: 2
                    ),
                    try Self.envelope(
                        CaseEscalated(caseID: caseID, merchantID: Self.merchant, reason: "内部：商家拒绝", dueAt: Self.start),
                        case: caseID,
                        at: 3
                    ),
                    try Self.envelope(
                        ResolutionAgreed(caseID: caseID, merchantID: Self.merchant, resolution: .refundOnly, refund: .cny(50)),
                        case: caseID,
                        at: 4
                    ),
                    try Self.envelope(
                        RefundPaid(
                            caseID: caseID,
                            returnRequestID: .v7(),
                            merchantID: nil,
                            purpose: .refund,
                            amount: .cny(50),
                            paymentID: .v7(),
                            ledgerEntryID: .v7(),
                            providerReference: "po_test"
                        ),
                        case: caseID,
                        at: 5
                    ),
                ]
                #expect(try await Self.deliver(client, events).json["applied"] as? Int == 5)

                let asMerchant = try await client.calling(as: .merchant(IntakeRequests.merchant))
                let seen = try await asMerchant.call("GetCaseTimeline", ["caseId": caseID.wire])
                #expect(
                    Self.types(seen) == ["case.registered", "dispatch.case_queued", "dispatch.inspection_recorded", "dispatch.resolution_agreed"],
                    "no escalation (internal), no refund (finance)"
                )
                #expect(!String(buffer: seen.body).contains("内部"))
                let other = try await client.calling(as: .merchant(UUID().uuidString.lowercased()))
                #expect(try await other.call("GetCaseTimeline", ["caseId": caseID.wire]).code == "not_found")
                let dashboard = try await client.calling(as: .staff([.dashboardReader]))
                #expect(Self.types(try await dashboard.call("GetCaseTimeline", ["caseId": caseID.wire])).count == 6)
                let elsewhere = try await client.calling(as: .staff([.dashboardReader], of: TestTenants.b))
                #expect(try await elsewhere.call("GetCaseTimeline", ["caseId": caseID.wire]).code == "not_found")

                // Pages of two walk the staff view in order; a merchant cannot replay a staff page token.
                var walked: [String] = []
                var token: String?
                repeat {
                    var body: [String: Any] = ["caseId": caseID.wire, "pageSize": 2]
                    if let token { body["pageToken"] = token }
                    let page = try await client.call("GetCaseTimeline", body)
                    walked += Self.types(page)
                    token = page.json["nextPageToken"] as? String
                    if let token {
                        let replay = try await asMerchant.call("GetCaseTimeline", ["caseId": caseID.wire, "pageSize": 2, "pageToken": token])
                        #expect(replay.violatedFields == ["pageToken"])
                    }
                } while token != nil
                #expect(walked == Self.types(try await dashboard.call("GetCaseTimeline", ["caseId": caseID.wire])))
                #expect(try await client.call("GetCase", ["caseId": caseID.wire]).json["status"] as? String == "resolved")
            }
        }
    }
}
