import ServiceKit

extension DispatchMigrations {
    /// A case registered without a merchant (CM-06: no label, the scan finds none) waits in the routing
    /// queue too, with no merchant yet; a case cancelled at Intake is withdrawn.
    static let routeCasesWithoutMerchant = Migration(
        "0006_route_cases_without_merchant",
        statements: [
            """
            ALTER TABLE routing_queue
                ALTER COLUMN merchant_id DROP NOT NULL,
                DROP CONSTRAINT routing_queue_reason_check,
                ADD CONSTRAINT routing_queue_reason CHECK (reason IN ('merchant_suspended', 'no_merchant')),
                ADD CONSTRAINT routing_queue_merchant CHECK ((merchant_id IS NULL) = (reason = 'no_merchant'))
            """,
            // A case cancelled at Intake is withdrawn from its merchant.
            """
            ALTER TABLE dispatch_cases
                DROP CONSTRAINT dispatch_cases_status_check,
                ADD CONSTRAINT dispatch_cases_status
                    CHECK (status IN ('awaiting_acknowledgement', 'acknowledged', 'response_overdue', 'withdrawn'))
            """,
        ]
    )
}
