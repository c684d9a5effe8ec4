/// Who a caller is to the platform (DESIGN §5; names from the glossary, rules.md §6). Tokens carry a list;
/// each operation declares the roles it admits.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    case tenantAdmin = "tenant_admin"
    case intakeClerk = "intake_clerk"
    case csAgent = "cs_agent"
    case dispatcherRunner = "dispatcher_runner"
    case escalationOfficer = "escalation_officer"
    case technician
    case partsClerk = "parts_clerk"
    case finance
    case followUpAgent = "follow_up_agent"
    case supervisor
    case merchant
    case storefront
    case dashboardReader = "dashboard_reader"
    case platformArbitrator = "platform_arbitrator"
    case service
    case platformOperator = "platform_operator"
}
