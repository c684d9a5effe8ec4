import ServiceKit

extension RepairsMigrations {
    /// A progress check is made once: a step that moves the promise asks whether the order's check has fired
    /// (the platform's timer index covers pending timers only).
    static let firedDeadlines = Migration(
        "0006_fired_deadlines",
        statements: ["CREATE INDEX timers_fired_by_subject ON timers (tenant_id, subject_kind, subject_id, kind) WHERE status = 'fired'"]
    )
}
