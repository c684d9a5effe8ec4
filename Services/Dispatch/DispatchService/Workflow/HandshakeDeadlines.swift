public import Models
public import ServiceKit

/// The handshake's clocks (rules.md §2(b), §2(c), §5 T-01/T-02): how long the merchant has for each step —
/// the deployment's defaults, or the merchant's own (``MerchantResponseDeadlines``) — how long the front
/// desk has to answer a proposal, how often a late merchant is chased and how many chases it gets before
/// the escalation desk has the case, and the escalation desk's own SLA.
public struct HandshakeDeadlines: Sendable, Equatable {
    public var acknowledgeHours: Int
    public var inspectHours: Int
    public var proposeHours: Int
    public var returnItemHours: Int
    public var proposalAnswerHours: Int
    public var chaseIntervalHours: Int
    public var chasesBeforeEscalation: Int
    public var escalationHours: Int

    public init(
        acknowledgeHours: Int = 48,
        inspectHours: Int = 72,
        proposeHours: Int = 48,
        returnItemHours: Int = 168,
        proposalAnswerHours: Int = 24,
        chaseIntervalHours: Int = 24,
        chasesBeforeEscalation: Int = 2,
        escalationHours: Int = 24
    ) {
        self.acknowledgeHours = acknowledgeHours
        self.inspectHours = inspectHours
        self.proposeHours = proposeHours
        self.returnItemHours = returnItemHours
        self.proposalAnswerHours = proposalAnswerHours
        self.chaseIntervalHours = chaseIntervalHours
        self.chasesBeforeEscalation = chasesBeforeEscalation
        self.escalationHours = escalationHours
    }

    /// Hours the merchant has for `step`.
    public func hours(for step: MerchantStep) -> Int {
        switch step {
        case .acknowledge: acknowledgeHours
        case .inspect: inspectHours
        case .propose: proposeHours
        case .returnItem: returnItemHours
        }
    }

    /// These deadlines with the merchant's own where it has them.
    public func merchant(_ own: MerchantResponseDeadlines?) -> HandshakeDeadlines {
        guard let own else { return self }
        var result = self
        result.acknowledgeHours = own.acknowledgeHours ?? acknowledgeHours
        result.inspectHours = own.inspectHours ?? inspectHours
        result.proposeHours = own.proposeHours ?? proposeHours
        result.returnItemHours = own.returnItemHours ?? returnItemHours
        return result
    }

    static func key(_ name: String, _ value: Int, _ help: String) -> SettingKey {
        SettingKey("dispatch.\(name)", .integer, default: "\(value)", help)
    }

    static let defaults = HandshakeDeadlines()
    public static let inspect = key("inspect_hours", defaults.inspectHours, "Hours a merchant has to inspect an acknowledged case.")
    public static let propose = key("propose_hours", defaults.proposeHours, "Hours a merchant has to propose a resolution after its inspection.")
    public static let returnItem = key(
        "return_item_hours",
        defaults.returnItemHours,
        "Hours a merchant has to give the item back (ready for pickup or shipped) after a resolution it carries out is agreed."
    )
    public static let proposalAnswer = key(
        "proposal_answer_hours",
        defaults.proposalAnswerHours,
        "Hours the front desk has to answer a merchant's proposal."
    )
    public static let chaseInterval = key("chase_interval_hours", defaults.chaseIntervalHours, "Hours between chases of a merchant late with a step.")
    public static let chasesBeforeEscalation = key(
        "chases_before_escalation",
        defaults.chasesBeforeEscalation,
        "Chases a late merchant gets before the case goes to the escalation desk (rules.md §2(c) E2)."
    )
    public static let escalation = key(
        "escalation_hours",
        defaults.escalationHours,
        "Hours the escalation desk has to settle an escalation (its SLA)."
    )

    public static var settings: [SettingKey] {
        [MerchantResponse.responseHours, inspect, propose, returnItem, proposalAnswer, chaseInterval, chasesBeforeEscalation, escalation]
    }

    /// The deployment's deadlines.
    public init(settings: Settings) {
        self.init(
            acknowledgeHours: settings.int(MerchantResponse.responseHours),
            inspectHours: settings.int(Self.inspect),
            proposeHours: settings.int(Self.propose),
            returnItemHours: settings.int(Self.returnItem),
            proposalAnswerHours: settings.int(Self.proposalAnswer),
            chaseIntervalHours: settings.int(Self.chaseInterval),
            chasesBeforeEscalation: settings.int(Self.chasesBeforeEscalation),
            escalationHours: settings.int(Self.escalation)
        )
    }
}
