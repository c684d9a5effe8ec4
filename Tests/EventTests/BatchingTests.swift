import Foundation
import Models
import ServiceKit
import TestSupport
import Testing

/// How deliveries are grouped: a backlogged relay keeps several batches in flight, and a sink applies a
/// batch in one transaction per tenant — neither may cost a subject its order or an event its tenant.
@Suite(.serialized) struct BatchingTests {
    @Test func aBacklogDeliveredSeveralBatchesAtATimeKeepsEverySubjectsOrder() async throws {
        try await EventFixture.with { fixture in
            // Batches of two: the first pass is full, so the relay goes on with several batches at once. The
            // first batch (the heads of subjects 0 and 1) fails once: their later events must wait for them
            // rather than go out in the other batches meanwhile.
            let subjects = (0..<4).map { _ in UUID.v7() }
            // Three events per subject, interleaved across subjects in commit order — all committed before the
            // relay starts, so its first pass sees the whole backlog (not a first event alone).
            let appended = try await fixture.appendRegistered(for: subjects + subjects + subjects)
            let faults = FaultPoints()
            faults.arm(.sinkUnavailable, times: 1)
            let dispatch = try await fixture.startDispatch(faults: faults)
            let intake = try await fixture.startIntake(settings: ["EVENTS_BATCH_SIZE": "2"])
            defer {
                Task {
                    await intake.stop()
                    await dispatch.stop()
                }
            }

            try await fixture.platform.drain()
            try await fixture.platform.advance(by: 3600)
            try await fixture.platform.drain()
            for (index, subject) in subjects.enumerated() {
                let applied = try await EventFixture.rows(
                    fixture.dispatchDatabase,
                    "SELECT event_id::text FROM inbox_events WHERE subject_id = '\(subject.wire)' ORDER BY position"
                ).compactMap { $0[0] }
                let committed = stride(from: index, to: appended.count, by: subjects.count).map { appended[$0] }
                #expect(applied == committed, "subject \(index) applied in \(applied), committed in \(committed)")
            }
            #expect(
                try await EventFixture.rows(fixture.intakeDatabase, "SELECT DISTINCT status FROM event_deliveries WHERE subscriber = 'dispatch'") == [
                    ["delivered"]
                ]
            )
            let attempts = try await EventFixture.rows(
                fixture.intakeDatabase,
                "SELECT attempts FROM event_deliveries WHERE subscriber = 'dispatch' ORDER BY position"
            ).map {
                $0[0]
            }
            #expect(attempts == ["2", "2"] + Array(repeating: "1", count: appended.count - 2))
            #expect(try await EventFixture.count(fixture.dispatchDatabase, "SELECT count(*) FROM inbox_events") == appended.count)
        }
    }

    @Test func aBatchOfTwoTenantsAppliesEachEventInItsOwnTenantAndRecognisesADuplicate() async throws {
        try await EventFixture.with { fixture in
            let dispatch = try await fixture.startDispatch()
            defer { Task { await dispatch.stop() } }
            let cases = (a1: UUID.v7(), b: UUID.v7(), a2: UUID.v7())
            let first = Self.envelope(case: cases.a1, tenant: TestTenants.a)
            let batch = [first, Self.envelope(case: cases.b, tenant: TestTenants.b), Self.envelope(case: cases.a2, tenant: TestTenants.a), first]

            let answer = try await fixture.platform.post("dispatch", PlatformPaths.deliver, ["events": batch])
            #expect(answer.status == 200)
            #expect(answer.json["applied"] as? Int == 3 && answer.json["duplicates"] as? Int == 1, "\(answer.json)")
            let queued = try await EventFixture.rows(
                fixture.dispatchDatabase,
                "SELECT tenant_id::text, case_id::text FROM dispatch_cases ORDER BY case_id"
            )
            #expect(
                queued == [
                    [TestTenants.a.description, cases.a1.wire], [TestTenants.b.description, cases.b.wire],
                    [TestTenants.a.description, cases.a2.wire],
                ]
            )
            #expect(
                try await EventFixture.rows(
                    fixture.dispatchDatabase,
                    "SELECT DISTINCT i.tenant_id = c.tenant_id FROM inbox_events i JOIN dispatch_cases c ON c.case_id::text = i.subject_id"
                ) == [["true"]]
            )
        }
    }

    /// A `case.registered` envelope for `caseID` in `tenant`, as Intake's relay sends it.
    static func envelope(case caseID: UUID, tenant: TenantID) -> [String: Any] {
        [
            "id": UUID.v7().wire, "type": CaseRegistered.type, "schemaVersion": CaseRegistered.schemaVersion,
            "tenantId": tenant.description, "subject": ["kind": "case", "id": caseID.wire], "occurredAt": "2026-03-10T02:00:00.000Z",
            "producer": "intake",
            "data": [
                "caseId": caseID.wire, "merchantId": EventFixture.merchant, "orderNumber": "PDD-9", "productName": "门锁",
                "purchaseDate": "2026-03-01", "quantity": 1, "reason": "指纹失灵", "requestedResolution": "repair",
            ],
        ]
    }
}
