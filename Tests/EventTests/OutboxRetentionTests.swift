import Foundation
import IntakeService
import Logging
import Models
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// The outbox keeps an event while anyone may still need it: the worker's sweep deletes, with its
/// deliveries, only an event appended before the cutoff that every subscriber has had.
@Suite struct OutboxRetentionTests {
    @Test func theSweepDeletesOnlyOldEventsEverySubscriberHas() async throws {
        try await EventFixture.with { fixture in
            let database = fixture.intakeDatabase
            // Four events appended at the harness's start; case.registered goes to several subscribers.
            let events = try await fixture.appendRegistered(for: (0..<4).map { _ in UUID.v7() })
            let subscribers = EventCatalog.subscribers(of: CaseRegistered.type).count
            #expect(subscribers >= 2)
            #expect(try await database.count("event_deliveries") == 4 * subscribers)
            let (delivered, waiting, recent, deadLettered) = (events[0], events[1], events[2], events[3])
            try await database.connect(as: "postgres") { admin in
                let logger = Logger(label: "retention")
                // Delivered to everyone: the first; the third too, but appended ten days later. The second still
                // waits for one subscriber; the fourth is a dead letter for one and delivered to the others.
                try await admin.query(
                    "UPDATE event_deliveries SET status = 'delivered' WHERE event_id::text = ANY(\([delivered, recent, deadLettered]))",
                    logger: logger
                )
                try await admin.query(
                    """
                    UPDATE event_deliveries SET status = 'delivered' WHERE event_id::text = \(waiting)
                      AND subscriber <> (SELECT min(subscriber) FROM event_deliveries WHERE event_id::text = \(waiting))
                    """,
                    logger: logger
                )
                try await admin.query(
                    """
                    UPDATE event_deliveries SET status = 'dead' WHERE event_id::text = \(deadLettered)
                      AND subscriber = (SELECT min(subscriber) FROM event_deliveries WHERE event_id::text = \(deadLettered))
                    """,
                    logger: logger
                )
                try await admin.query(
                    "UPDATE outbox_events SET occurred_at = occurred_at + interval '10 days' WHERE id::text = \(recent)",
                    logger: logger
                )
            }
            let cutoff = ServiceHarness<IntakeService>.start.addingTimeInterval(7 * 86_400)
            // The app role sees no tenant outside a tenant's transaction: its unscoped sweep raises.
            await #expect(throws: (any Error).self) {
                try await database.connect { app in
                    try await OutboxRetention().purge(appendedBefore: cutoff, on: app, logger: Logger(label: "retention"))
                }
            }
            let purged = try await database.connect(as: "intake_worker") { worker in
                try await OutboxRetention().purge(appendedBefore: cutoff, on: worker, logger: Logger(label: "retention"), batch: 1)
            }
            #expect(purged == 1)
            #expect(try await database.rows("SELECT id::text FROM outbox_events ORDER BY position") == [waiting, recent, deadLettered])
            #expect(
                try await database.rows("SELECT DISTINCT event_id::text FROM event_deliveries ORDER BY 1")
                    == [waiting, recent, deadLettered].sorted()
            )
            #expect(try await database.count("event_deliveries") == 3 * subscribers)
            // Once the last subscriber has the second, a later sweep takes it too.
            try await database.connect(as: "postgres") { admin in
                try await admin.query(
                    "UPDATE event_deliveries SET status = 'delivered' WHERE event_id::text = \(waiting)",
                    logger: Logger(label: "retention")
                )
            }
            let later = try await database.connect(as: "intake_worker") { worker in
                try await OutboxRetention().purge(appendedBefore: cutoff, on: worker, logger: Logger(label: "retention"))
            }
            #expect(later == 1)
            #expect(try await database.rows("SELECT id::text FROM outbox_events ORDER BY position") == [recent, deadLettered])
        }
    }
}
