import ServiceKit

extension DispatchMigrations {
    /// A dead-on-arrival report goes to the escalation desk with a same-day deadline (rules.md §2(c) E10,
    /// §5 T-39); a cancelled case closes its escalation as withdrawn; a run leg is open per case and merchant.
    static let deadOnArrival = Migration(
        "0009_dead_on_arrival",
        statements: [
            """
            ALTER TABLE escalations
                DROP CONSTRAINT escalations_trigger_check,
                ADD CONSTRAINT escalations_trigger CHECK (trigger IN ('chased_out', 'on_demand', 'proposal_declined', 'dead_on_arrival'))
            """,
            // A cancelled case closes its open escalation as withdrawn.
            """
            ALTER TABLE escalations
                DROP CONSTRAINT escalations_outcome_check,
                ADD CONSTRAINT escalations_outcome CHECK (outcome IN ('resolution_agreed', 'returned_to_merchant', 'withdrawn'))
            """,
            // A case reassigned while a leg to its former merchant is out can be planned to the new one.
            "DROP INDEX run_legs_open",
            "CREATE UNIQUE INDEX run_legs_open ON run_legs (tenant_id, case_id, leg, merchant_id) WHERE status <> 'delivered'",
        ]
    )
}
