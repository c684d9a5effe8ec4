import IntakeService
import TestSupport

/// The runtime every service shares is tested through Intake, the smallest real service: its guard, error
/// answers, idempotency and isolation are ServiceKit's, not Intake's.
typealias IntakeHarness = ServiceHarness<IntakeService>

extension ServiceHarness {
    /// Cases in the database, counted by the superuser (who is not subject to row-level security).
    func caseCount() async throws -> Int { try await database.count("cases") }
}
