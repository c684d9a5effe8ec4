/// A rule of rules.md §3–§5 that is not a policy decision, with the later capability that owns it.
public struct OutOfScopeRule: Sendable, Hashable {
    public let ruleId: String
    /// The capability that owns it (Intake, Dispatch, Returns, Repairs, Parts, Notifications, …).
    public let owner: String
    public let why: String
}

/// The one list of rule ids the policy engine deliberately does not decide. The rule-coverage test fails
/// unless every rule id of rules.md §3–§5 is either cited by an asserted `evaluate` result or listed here.
public enum OutOfScopeRules {
    public static let all: [OutOfScopeRule] = groups.flatMap { group in
        group.ids.map { OutOfScopeRule(ruleId: $0, owner: group.owner, why: group.why) }
    }

    private static let groups: [(ids: [String], owner: String, why: String)] = [
        (["PDD-17"], "Platform operations", "merchant monitoring and penalties, not a case decision"),
        (["LG-01"], "Intake (tenant terms)", "statement of the applicable laws"),
        (["LG-10", "B-20"], "Returns", "a parcel arriving without CS confirmation is handled at goods receipt"),
        (["LG-11"], "Intake / Dispatch", "channel routing to a physical store"),
        (["LG-13"], "Returns", "finance pays the refund after inspection"),
        (["LG-15"], "Returns", "order-system constraint: no add-on purchases during an exchange"),
        (["LG-18", "SH-08"], "Intake", "fields a request or booking must carry"),
        (
            ["LG-20", "LG-22", "SH-09", "SH-10", "SH-11", "SH-14"], "Repairs",
            "repair quote, receipt inspection, plan approval, parts standard, records, completion SLA"
        ),
        (["CM-27"], "Dispatch", "phone the customer when the merchant's test differs"),
        (
            ["SH-01", "SH-02", "SH-03", "SH-04", "SH-05", "SH-06", "SH-22"], "Intake / Notifications",
            "service channels, answer SLAs, enquiry records, complaint triage, privacy"
        ),
        (["SH-07"], "Dispatch", "engineer assignment by region and fault type"),
        (["SH-15", "SH-16"], "Parts", "purchase-request fields and stock control"),
        (["SH-21"], "Staff administration", "training and assessment"),
        (["SN-01"], "Intake", "the order in which staff check a problem parcel"),
        (["SN-04"], "Reporting", "monthly reshipment spreadsheet"),
        (["SN-10"], "None (deliberately not built)", "seller tactic to change return reasons; reasons are recorded as given (rules.md §8 item 10)"),
        (
            ["CS-01", "CS-07", "CS-09", "CS-10", "CS-11"], "Dispatch / logistics",
            "courier choice, holds, stopped or damaged deliveries, signature disputes"
        ),
        (["CS-03"], "Returns", "when the refund is paid (trade complete or not)"),
        (["CS-04"], "Order fulfilment", "dispatch cut-off time"),
        (["CS-06"], "Customer service", "stock-out goodwill discount offered by an agent"),
        (["CS-08"], "Intake (case notes)", "hand-over notes in the order remarks"),
        (["CS-12"], "Customer service", "pre-sales chat reply time"),
        (
            [
                "WS-01", "WS-02", "WS-03", "WS-04", "WS-05", "WS-06", "WS-07", "WS-08", "WS-09", "WS-10",
                "WS-11", "WS-12", "WS-13", "WS-14", "WS-15", "WS-16", "WS-17", "WS-18", "WS-19", "WS-20", "B-28",
            ],
            "Repairs", "workshop procedure: diagnosis, quotes, check-in, add-on work, QC, pickup, appointments, deposits, parts guarantee"
        ),
        (
            ["FU-01", "FU-02", "FU-03", "FU-04", "FU-05", "FU-06", "FU-07", "FU-08", "FU-09", "FU-10", "FU-11", "FU-12"],
            "Notifications / Intake archives", "follow-up calls, archives, logs, reports"
        ),
        (["SF-01", "SF-02", "SF-03", "SF-04"], "Store fixtures (internal)", "repairs of the store's own fittings, not customer after-sales"),
        (
            ["T-24", "T-25", "T-26", "T-33", "T-34", "T-38"], "Repairs",
            "workshop timers: pickup notice, progress checks, appointments, agreed completion"
        ),
        (
            ["T-27", "T-28", "T-29", "T-30", "T-31", "T-32", "T-37", "T-43"], "Notifications / Intake",
            "archive, follow-up, escalation, event-notice, reply and report timers"
        ),
        (["T-35", "T-36", "T-47"], "Intake / Notifications", "response and pick-up SLAs"),
        (["T-40", "T-48"], "Dispatch / logistics", "courier hold and receipt-period extension"),
        (["T-41"], "Order fulfilment", "dispatch cut-off"),
        (["T-42"], "Reporting", "reshipment log at month end"),
        (["T-45"], "Store fixtures (internal)", "fixture repair SLA"),
        (["T-46"], "Staff administration", "training schedule"),
    ]
}
