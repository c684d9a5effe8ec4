public import Models

/// Two tenants, for every isolation check (both provisioned in Intake by ``IntakeFixture``), and one that is not.
public enum TestTenants {
    public static let a = TenantID("0190e3a0-0000-7000-8000-00000000000a")!
    public static let b = TenantID("0190e3a0-0000-7000-8000-00000000000b")!
    /// Not provisioned in Intake's fixture (``IntakeFixture``): for tests of provisioning itself.
    public static let unprovisioned = TenantID("0190e3a0-0000-7000-8000-00000000000c")!
}
