public import Models

/// Two tenants, for every isolation check.
public enum TestTenants {
    public static let a = TenantID("0190e3a0-0000-7000-8000-00000000000a")!
    public static let b = TenantID("0190e3a0-0000-7000-8000-00000000000b")!
}
