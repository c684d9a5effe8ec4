import Foundation

/// `tenant.settings_changed` (v1): a tenant's settings as they now stand — published when Intake
/// provisions a tenant and at every change, so the services that count days keep its calendar.
public struct TenantSettingsChanged: EventPayload {
    public static let type = "tenant.settings_changed"
    public static let schemaVersion = 1
    public static let subjectKind = "tenant"
    public static let producer = "intake"
    public static let summary = "A tenant's settings (name, time zone, holiday calendar, business hours) as they now stand."

    /// Increases by one at every change; a consumer keeps the highest it has seen.
    public let settingsVersion: Int
    public let settings: TenantSettings

    public init(settingsVersion: Int, settings: TenantSettings) {
        self.settingsVersion = settingsVersion
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey { case settingsVersion, settings }

    public static var example: TenantSettingsChanged {
        TenantSettingsChanged(
            settingsVersion: 2,
            settings: TenantSettings(
                name: "华强电脑城",
                timeZone: "Asia/Shanghai",
                calendarYears: [
                    CalendarYear(
                        year: 2026,
                        holidays: (1...7).map { LocalDate(year: 2026, month: 10, day: $0)! },
                        makeUpWorkingDays: [LocalDate(year: 2026, month: 9, day: 27)!, LocalDate(year: 2026, month: 10, day: 10)!]
                    )
                ]
            )
        )
    }
}

/// `policy.changed` (v1): a tenant put a new version of its after-sales policy.
public struct PolicyChanged: EventPayload {
    public static let type = "policy.changed"
    public static let schemaVersion = 1
    public static let subjectKind = "tenant"
    public static let producer = "intake"
    public static let summary = "A tenant's after-sales policy has a new version (open cases keep the version stamped on them)."

    public let policyVersion: Int
    public let policyId: String
    public let family: RuleFamily
    /// The token subject of whoever put it.
    public let changedBy: String

    public init(policyVersion: Int, policyId: String, family: RuleFamily, changedBy: String) {
        self.policyVersion = policyVersion
        self.policyId = policyId
        self.family = family
        self.changedBy = changedBy
    }

    enum CodingKeys: String, CodingKey { case policyVersion, policyId, family, changedBy }

    public static var example: PolicyChanged {
        PolicyChanged(policyVersion: 3, policyId: "computer_mall", family: .computerMall, changedBy: "admin-wang")
    }
}
