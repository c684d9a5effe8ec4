import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Logging
import Models
import NIOCore
import PostgresNIO
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// DESIGN §4 idempotency, through CreateCase on a real database.
@Suite struct IdempotencyKeyTests {
    static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }

    @Test(arguments: [2, 5, 10])
    func concurrentDuplicatesMakeOneCaseAndTheSameAnswer(copies: Int) async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answers = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                    for _ in 0..<copies {
                        group.addTask {
                            let answer = try await client.call(
                                "CreateCase",
                                IntakeRequests.createBody(order: "ORDER-42"),
                                headers: Self.key("order-42-create")
                            )
                            return (Int(answer.status.code), Array(buffer: answer.body))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers.map(\.0))")
                #expect(Set(answers.map(\.1)).count == 1, "every duplicate gets the same bytes")
            }
            #expect(try await harness.caseCount() == 1)
        }
    }

    @Test func sequentialRetriesReplayTheAnswerByteForByte() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let first = try await client.call("CreateCase", IntakeRequests.createBody(order: "R-1"), headers: Self.key("k-1"))
                #expect(first.status == .ok)
                #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                try harness.clock.advance(by: 3600)
                // Same request, keys in another order and other whitespace: still the same request.
                let reordered = try JSONSerialization.data(
                    withJSONObject: IntakeRequests.createBody(order: "R-1"),
                    options: [.sortedKeys, .prettyPrinted]
                )
                for _ in 0..<3 {
                    let retry = try await client.call("CreateCase", raw: ByteBuffer(bytes: reordered), headers: Self.key("k-1"))
                    #expect(retry.status == .ok)
                    #expect(Array(buffer: retry.body) == Array(buffer: first.body))
                    #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                }
                // Without a key, or with another, a new case.
                #expect(try await client.call("CreateCase", IntakeRequests.createBody()).status == .ok)
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("k-2")).status == .ok)
            }
            #expect(try await harness.caseCount() == 3)
        }
    }

    @Test func aDifferentBodyWithTheSameKeyIsInvalidArgument() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(order: "D-1"), headers: Self.key("k-1")).status == .ok)
                let changed = try await client.call("CreateCase", IntakeRequests.createBody(["quantity": 2], order: "D-1"), headers: Self.key("k-1"))
                #expect(changed.status == .badRequest)
                #expect(changed.json["code"] as? String == "invalid_argument")
                #expect(changed.violatedFields == ["Idempotency-Key"])
                let malformed = try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("bad key with spaces"))
                #expect(malformed.status == .badRequest)
                #expect(malformed.violatedFields == ["Idempotency-Key"])
            }
            #expect(try await harness.caseCount() == 1)
        }
    }

    /// A refused request leaves its key free: the corrected request with the same key goes through.
    @Test func aFailedRequestDoesNotConsumeItsKey() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let refused = try await client.call("CreateCase", IntakeRequests.createBody(["quantity": 0]), headers: Self.key("k-1"))
                #expect(refused.status == .badRequest)
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("k-1")).status == .ok)
            }
            #expect(try await harness.caseCount() == 1)
        }
    }

    /// Keys are scoped to (tenant, principal, operation, key): another tenant or another clerk using the
    /// same key string makes its own case and never receives this one's answer.
    @Test func theSameKeyElsewhereIsAnotherKey() async throws {
        try await IntakeHarness.with { harness in
            let box = Box()
            try await harness.serve(as: .clerk(TestTenants.a)) { client in
                box.caseID = try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("shared")).json["caseId"] as? String
            }
            let first = try #require(box.caseID)
            for caller in [TestCaller.clerk(TestTenants.b), .clerk(TestTenants.a, subject: "clerk-2")] {
                try await harness.serve(as: caller) { client in
                    let answer = try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("shared"))
                    #expect(answer.status == .ok)
                    #expect(answer.json["caseId"] as? String != first)
                }
            }
            #expect(try await harness.caseCount() == 3)
        }
    }

    /// The same subject under another trusted issuer is another caller: its key never replays this one's answer.
    @Test func theSameSubjectFromAnotherIssuerHasItsOwnKeys() async throws {
        try await IntakeHarness.with { harness in
            var foreignClaims = TestTokens.claims(tenant: TestTenants.a, roles: [.intakeClerk], subject: "clerk-1")
            foreignClaims.iss = "partner-portal"
            let foreign = "Bearer " + (try await TestTokens.sign(foreignClaims))
            try await harness.serve(settings: ["AUTH_ISSUERS": "aftersales-operator,partner-portal"]) { client in
                let first = try await client.call("CreateCase", IntakeRequests.createBody(), headers: Self.key("same"))
                let other = try await client.authorized(foreign).call("CreateCase", IntakeRequests.createBody(), headers: Self.key("same"))
                #expect(first.status == .ok)
                #expect(other.status == .ok)
                #expect(other.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                #expect(other.json["caseId"] as? String != first.json["caseId"] as? String)
            }
            #expect(try await harness.caseCount() == 2)
        }
    }

    /// The effect and its answer commit together: when the answer is lost after the commit, the retry gets
    /// the recorded answer and no second case is made.
    @Test func anAnswerLostAfterCommitIsReplayedWithoutASecondEffect() async throws {
        try await IntakeHarness.with { harness in
            let faults = FaultPoints()
            faults.arm(.afterEffectCommitted)
            try await harness.serve(faults: faults) { client in
                let lost = try await client.call("CreateCase", IntakeRequests.createBody(order: "L-1"), headers: Self.key("k-lost"))
                #expect(lost.status == .internalServerError)
                let retry = try await client.call("CreateCase", IntakeRequests.createBody(order: "L-1"), headers: Self.key("k-lost"))
                #expect(retry.status == .ok)
                #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            }
            #expect(try await harness.caseCount() == 1)
        }
    }

    /// Answers are kept for the retention period on the business clock; after it the key is new again, and
    /// the worker's purge removes the expired answers of every tenant.
    @Test func keysExpireAfterTheirRetentionOnTheBusinessClock() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                #expect(try await client.call("CreateCase", IntakeRequests.createBody(order: "E-1"), headers: Self.key("k-day")).status == .ok)
                try harness.clock.advance(by: 24 * 3600 - 1)
                let kept = try await client.call("CreateCase", IntakeRequests.createBody(order: "E-1"), headers: Self.key("k-day"))
                #expect(kept.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                try harness.clock.advance(by: 1)
                // A new request after expiry: another order (the first case is still open).
                let renewed = try await client.call("CreateCase", IntakeRequests.createBody(order: "E-2"), headers: Self.key("k-day"))
                #expect(renewed.status == .ok)
                #expect(renewed.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            }
            #expect(try await harness.caseCount() == 2)
            let purged = try await harness.database.connect(as: "intake_worker") { worker in
                try await IdempotencyStore().purge(
                    expiredBy: harness.clock.now().addingTimeInterval(24 * 3600),
                    on: worker,
                    logger: Logger(label: "purge")
                )
            }
            #expect(purged == 1)
        }
    }
}

extension TestDatabase {
    /// Waits (polling the catalog, not a timer) until the app role holds a transaction that has written:
    /// the claim of its Idempotency-Key is a keyed transaction's first write, so from then on a duplicate
    /// waits on it. (A transaction merely begun is not enough: a duplicate could still claim the key first.)
    func waitForTransactionInFlight() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await transactionsInFlight() > 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no transaction in flight within 20 s")
    }

    /// Waits until some app-role query is blocked on a lock (a duplicate waiting on an in-flight key).
    func waitForLockWait() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let waiting = try await connect(as: "postgres") { admin in
                let rows = try await admin.query(
                    "SELECT count(*)::int FROM pg_stat_activity WHERE datname = \(name) AND wait_event_type = 'Lock'",
                    logger: Logger(label: "activity")
                )
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no query waiting on a lock within 20 s")
    }

    func transactionsInFlight() async throws -> Int {
        try await connect(as: "postgres") { admin in
            let rows = try await admin.query(
                "SELECT count(*)::int FROM pg_stat_activity WHERE datname = \(name) AND usename = 'intake_app' AND backend_xid IS NOT NULL",
                logger: Logger(label: "activity")
            )
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
