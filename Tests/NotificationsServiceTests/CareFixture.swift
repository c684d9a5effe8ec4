import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import NotificationsService
import ServiceKit
import TestSupport
import Testing

/// Customer care through Notifications' whole stack: the events Intake, Repairs and Returns send (delivered
/// to the sink as a relay would), the operations staff call, the test clock drained as the worker would.
enum CareFixture {
    typealias Harness = ServiceHarness<NotificationsService>
    static let testMode = ["TEST_MODE": "true"]
    static let agent = TestCaller.staff([.csAgent, .followUpAgent], subject: "cs-1")
    static let supervisor = TestCaller.staff([.supervisor], subject: "sup-1")
    static let merchant = UUID(uuidString: "0190e3a0-0000-7000-8000-0000000000c1")!
    static let phone = "+8613800138000"

    static func envelope<P: EventPayload>(
        _ payload: P,
        subject: UUID,
        id: UUID = .v7(),
        tenant: TenantID = TestTenants.a,
        at: Date
    )
        throws -> String
    {
        try TestEvents.envelope(payload, subject: subject, id: id, tenant: tenant, occurredAt: at)
    }

    /// A case registered at Intake with its customer: Notifications knows its product, merchant and contact.
    static func knownCase(
        _ client: ServiceTestClient,
        tenant: TenantID = TestTenants.a,
        at: Date,
        name: String = "李女士",
        followUp: FollowUpSchedule? = nil
    ) async throws -> UUID {
        let id = UUID.v7()
        var registered = CaseRegistered.example
        registered.caseID = id
        registered.merchantID = merchant
        registered.productName = "ThinkPad X1"
        registered.productCategory = "laptop"
        registered.orderNumber = "JD-20261201-0001"
        registered.judgement?.resolvedRules.followUp = followUp
        let contact = CaseContactRecorded(
            caseID: id,
            customerName: name,
            customerPhone: phone,
            orderNumber: registered.orderNumber,
            productName: registered.productName,
            productCategory: registered.productCategory
        )
        try await TestEvents.deliver(
            client,
            [try envelope(registered, subject: id, tenant: tenant, at: at), try envelope(contact, subject: id, tenant: tenant, at: at)]
        )
        return id
    }

    static func deadline(_ kind: RepairDeadlineKind, caseID: UUID, dueAt: Date, promisedBy: Date, previous: Date? = nil) -> RepairDeadlineDue {
        RepairDeadlineDue(
            repairOrderID: .v7(),
            caseID: caseID,
            merchantID: merchant,
            kind: kind,
            dueAt: dueAt,
            promisedBy: promisedBy,
            checkBy: nil,
            previousPromisedBy: previous
        )
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

    static func ok(
        _ client: ServiceTestClient,
        _ operation: String,
        _ body: [String: Any],
        sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws -> [String: Any]
    {
        let answer = try await client.call(operation, body)
        #expect(answer.status == .ok, "\(operation): \(answer.status.code) \(answer.json)", sourceLocation: sourceLocation)
        return answer.json
    }

    static func messages(_ client: ServiceTestClient, caseID: UUID? = nil) async throws -> [[String: Any]] {
        var body: [String: Any] = [:]
        if let caseID { body["caseId"] = caseID.wire }
        return try await ok(client, "ListCustomerMessages", body)["customerMessages"] as? [[String: Any]] ?? []
    }

    static func at(_ text: String) -> Date { RFC3339.date(text)! }
}
