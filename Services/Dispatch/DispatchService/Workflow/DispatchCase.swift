public import Foundation
public import Models

/// A case as Dispatch holds it through the merchant handshake (rules.md §2(b), §2(c), §3.4 CM-27): routed
/// to a merchant, acknowledged, inspected (a result that differs from the report → the customer is
/// consulted), a resolution proposed and agreed, the item given back. Each merchant step has its deadline
/// (`dueAt`); a passed one is chased, and after enough chases the case is escalated. Pure: every
/// transition is tested without a database; an out-of-order step is failed_precondition naming the state.
public struct DispatchCase: Sendable, Equatable {
    public typealias Status = DispatchCaseStatus

    public enum RoutingReason: String, Sendable {
        case noMerchant = "no_merchant"
        case merchantSuspended = "merchant_suspended"
        case merchantDeclined = "merchant_declined"
    }

    public struct Inspection: Sendable, Equatable, Codable {
        public var outcome: InspectionOutcome
        public var findings: String
        public var establishedFacts: [FactFlag]
        public var inspectedAt: Date

        public init(outcome: InspectionOutcome, findings: String, establishedFacts: [FactFlag], inspectedAt: Date) {
            self.outcome = outcome
            self.findings = findings
            self.establishedFacts = establishedFacts
            self.inspectedAt = inspectedAt
        }
    }

    /// A resolution, or a rejection of the claim (exactly one of `resolution` and `rejectionReason`).
    public struct Proposal: Sendable, Equatable, Codable {
        public var resolution: Resolution?
        public var rejectionReason: String?
        public var outOfStockUntil: LocalDate?
        public var note: String?
        public var proposedAt: Date
        public var answerBy: Date
        public var automatic: Bool

        public init(resolution: Resolution?, rejectionReason: String?, outOfStockUntil: LocalDate?, note: String?, proposedAt: Date, answerBy: Date) {
            self.resolution = resolution
            self.rejectionReason = rejectionReason
            self.outOfStockUntil = outOfStockUntil
            self.note = note
            self.proposedAt = proposedAt
            self.answerBy = answerBy
            self.automatic = false
        }
    }

    public struct Agreement: Sendable, Equatable, Codable {
        public var resolution: Resolution
        public var carriedOutBy: CarriedOutBy
        public var agreedAt: Date
    }

    public struct ItemReturn: Sendable, Equatable, Codable {
        public var method: ItemReturnMethod
        public var trackingNumber: String?
        public var carrier: String?
        public var at: Date

        public init(method: ItemReturnMethod, trackingNumber: String?, carrier: String?, at: Date) {
            self.method = method
            self.trackingNumber = trackingNumber
            self.carrier = carrier
            self.at = at
        }
    }

    public let caseID: UUID
    public var merchantID: UUID?
    public var status: Status
    public var routingReason: RoutingReason?
    public var queuedAt: Date
    public var respondBy: Date?
    public var acknowledgedAt: Date?
    /// The merchant's current deadline; nil when the next step is not the merchant's.
    public var dueAt: Date?
    /// Chases of the current step.
    public var chaseCount: Int = 0
    /// Every chase of the case (for the scorecard).
    public var chasesTotal: Int = 0
    public var escalated: Bool = false
    /// When the acknowledgement deadline first passed (for the scorecard).
    public var overdueAt: Date?
    /// Nil only for cases queued before the complete case.
    public var requestedResolution: Resolution?
    public var judgement: CaseJudgement?
    public var inspection: Inspection?
    public var proposal: Proposal?
    public var agreement: Agreement?
    public var itemReturn: ItemReturn?

    public init(caseID: UUID, status: Status, queuedAt: Date, requestedResolution: Resolution?, judgement: CaseJudgement?) {
        self.caseID = caseID
        self.status = status
        self.queuedAt = queuedAt
        self.requestedResolution = requestedResolution
        self.judgement = judgement
    }

    /// A registered case that no merchant can take yet (none named, or a suspended one).
    public static func routing(
        _ caseID: UUID,
        _ reason: RoutingReason,
        at now: Date,
        requested: Resolution?,
        judgement: CaseJudgement?
    ) -> DispatchCase {
        var record = DispatchCase(caseID: caseID, status: .awaitingRouting, queuedAt: now, requestedResolution: requested, judgement: judgement)
        record.routingReason = reason
        return record
    }

    /// A registered case queued for its merchant at `now` — or, for a merchant whose items are carried to it,
    /// waiting for the morning run.
    public static func queued(
        _ caseID: UUID,
        merchant: UUID,
        at now: Date,
        deadlines: HandshakeDeadlines,
        handling: CaseHandling = .online,
        requested: Resolution? = nil,
        judgement: CaseJudgement? = nil
    ) -> DispatchCase {
        var record = DispatchCase(caseID: caseID, status: .awaitingRouting, queuedAt: now, requestedResolution: requested, judgement: judgement)
        record.startWith(merchant, at: now, deadlines: deadlines, handling: handling)
        return record
    }

    /// The merchant step the case waits on, nil when it waits on no merchant.
    public var merchantStep: MerchantStep? {
        guard merchantID != nil else { return nil }
        switch status {
        case .awaitingAcknowledgement, .responseOverdue: return .acknowledge
        case .acknowledged: return .inspect
        case .inspected: return .propose
        case .resolutionAgreed: return agreement?.carriedOutBy == .merchant ? .returnItem : nil
        case .awaitingRouting, .awaitingDispatch, .customerConsultation, .resolutionProposed, .readyForPickup, .shippedBack, .returnedToMall,
            .withdrawn:
            return nil
        }
    }

    /// Whether the merchant's deadline timer should run: a step waits on the merchant and the escalation
    /// desk does not have the case.
    public var isChased: Bool { merchantStep != nil && !escalated && dueAt != nil }

    /// The case is finished at Dispatch: withdrawn, or the merchant's part is done.
    public var isClosed: Bool { [.withdrawn, .readyForPickup, .shippedBack, .returnedToMall].contains(status) }

    /// While the escalation desk has the case only the desk decides: no proposal, answer, hand-back or
    /// reassignment around it (the merchant may still acknowledge and inspect).
    func notAtTheDesk() throws(ErrorBody) {
        guard !escalated else { throw refusal("the escalation desk has it: the escalation officer decides") }
    }

    func refusal(_ what: String) -> ErrorBody {
        ErrorBody(code: .failedPrecondition, message: "the case is \(status.rawValue); \(what)")
    }

    /// Opens `step`'s deadline from `now` (and resets its chases).
    mutating func open(_ step: MerchantStep?, at now: Date, deadlines: HandshakeDeadlines) {
        chaseCount = 0
        dueAt = step.map { now.addingTimeInterval(TimeInterval(deadlines.hours(for: $0)) * 3600) }
    }

    mutating func startWith(_ merchant: UUID, at now: Date, deadlines: HandshakeDeadlines, handling: CaseHandling) {
        merchantID = merchant
        routingReason = nil
        queuedAt = now
        chasesTotal = 0
        acknowledgedAt = nil
        inspection = nil
        proposal = nil
        overdueAt = nil
        guard handling == .online else {
            // Carried to the merchant in the morning run: its clock starts at the delivery leg.
            status = .awaitingDispatch
            respondBy = nil
            open(nil, at: now, deadlines: deadlines)
            return
        }
        status = .awaitingAcknowledgement
        open(.acknowledge, at: now, deadlines: deadlines)
        respondBy = dueAt
    }

    /// The run delivered the item to its merchant at `now`: the merchant's response clock starts.
    public mutating func delivered(at now: Date, deadlines: HandshakeDeadlines) throws(ErrorBody) {
        guard status == .awaitingDispatch else { throw refusal("only a case waiting for the run is delivered to its merchant") }
        status = .awaitingAcknowledgement
        queuedAt = now
        open(.acknowledge, at: now, deadlines: deadlines)
        respondBy = dueAt
    }

    /// The run brought the finished item back to the mall.
    public mutating func returnedToMall() throws(ErrorBody) {
        guard status == .readyForPickup else { throw refusal("only an item ready for pickup is collected") }
        status = .returnedToMall
    }

    /// A dispatcher assigns the case (from the routing queue, or away from its merchant before anything
    /// was agreed) to `merchant`; its response clock starts now.
    public mutating func assign(to merchant: UUID, at now: Date, deadlines: HandshakeDeadlines, handling: CaseHandling = .online) throws(ErrorBody) {
        switch status {
        case .resolutionAgreed, .readyForPickup, .shippedBack, .returnedToMall, .withdrawn:
            throw refusal("it can no longer be assigned")
        case _ where escalated:
            try notAtTheDesk()
        case .resolutionProposed:
            throw refusal("answer the merchant's proposal first")
        default:
            guard merchantID != merchant else { throw refusal("it is with that merchant already") }
            startWith(merchant, at: now, deadlines: deadlines, handling: handling)
        }
    }

    /// The merchant acknowledges at `now` (late too, once chased).
    /// - Returns: false when it was acknowledged already (a retry).
    public mutating func acknowledge(at now: Date, deadlines: HandshakeDeadlines) throws(ErrorBody) -> Bool {
        switch status {
        case .awaitingAcknowledgement, .responseOverdue:
            status = .acknowledged
            acknowledgedAt = now
            open(.inspect, at: now, deadlines: deadlines)
            return true
        case .withdrawn:
            throw ErrorBody(code: .failedPrecondition, message: "the case was cancelled; there is nothing to acknowledge")
        case .awaitingRouting, .awaitingDispatch:
            throw refusal("it has not reached a merchant")
        default:
            return false
        }
    }

    /// The merchant reports its inspection (rules.md §2(b) step 3).
    /// - Returns: true when the result differs from the report: the customer must be consulted (CM-27).
    public mutating func inspect(_ inspection: Inspection, deadlines: HandshakeDeadlines) throws(ErrorBody) -> Bool {
        guard status == .acknowledged else { throw refusal("only an acknowledged case is inspected") }
        self.inspection = inspection
        let differs = inspection.outcome == .differsFromReport
        status = differs ? .customerConsultation : .inspected
        open(differs ? nil : .propose, at: inspection.inspectedAt, deadlines: deadlines)
        return differs
    }

    /// The dispatcher consulted the customer: the merchant proposes next.
    public mutating func consulted(at now: Date, deadlines: HandshakeDeadlines) throws(ErrorBody) {
        guard status == .customerConsultation else { throw refusal("no consultation is pending") }
        status = .inspected
        open(.propose, at: now, deadlines: deadlines)
    }

    /// The merchant proposes (or rejects). A proposal granting what the customer asked, which the stamped
    /// judgement allows, is agreed at once.
    /// - Returns: true when it was agreed automatically.
    public mutating func propose(_ proposal: Proposal, deadlines: HandshakeDeadlines) throws(ErrorBody) -> Bool {
        guard status == .inspected else {
            throw refusal(status == .resolutionProposed ? "a proposal is waiting for an answer" : "a resolution is proposed after the inspection")
        }
        try notAtTheDesk()
        self.proposal = proposal
        status = .resolutionProposed
        open(nil, at: proposal.proposedAt, deadlines: deadlines)
        guard let resolution = proposal.resolution, proposal.outOfStockUntil == nil, resolution == requestedResolution,
            judgement?.status == .eligible
        else { return false }
        self.proposal?.automatic = true
        agree(resolution, by: resolution.carriers[0], at: proposal.proposedAt, deadlines: deadlines)
        return true
    }

    /// The front desk answers the proposal on the customer's behalf.
    /// - Returns: true when accepted (the resolution is agreed); false when declined (the case goes to the
    ///   escalation desk, back at the merchant's proposing step).
    public mutating func answer(accept: Bool, carriedOutBy: CarriedOutBy?, at now: Date, deadlines: HandshakeDeadlines) throws(ErrorBody) -> Bool {
        guard status == .resolutionProposed, let proposal else { throw refusal("no proposal is waiting for an answer") }
        try notAtTheDesk()
        guard accept else {
            status = .inspected
            open(.propose, at: now, deadlines: deadlines)
            escalated = true
            return false
        }
        guard let resolution = proposal.resolution else {
            throw refusal("a rejection is not accepted here: cancel the case at Intake with the customer's consent, or decline it to escalate")
        }
        agree(resolution, by: try resolution.carrier(carriedOutBy), at: now, deadlines: deadlines)
        return true
    }

    /// A resolution is agreed (by the front desk, automatically, or by the escalation desk).
    public mutating func agree(_ resolution: Resolution, by carrier: CarriedOutBy, at now: Date, deadlines: HandshakeDeadlines) {
        agreement = Agreement(resolution: resolution, carriedOutBy: carrier, agreedAt: now)
        status = .resolutionAgreed
        escalated = false
        open(carrier == .merchant ? .returnItem : nil, at: now, deadlines: deadlines)
    }

    /// The merchant gives the item back after carrying the agreed resolution out.
    public mutating func giveBack(_ itemReturn: ItemReturn) throws(ErrorBody) {
        switch status {
        case .resolutionAgreed where agreement?.carriedOutBy == .merchant:
            break
        case .readyForPickup where itemReturn.method == .shipped:
            break
        default:
            throw refusal("an item is given back once a resolution the merchant carries out is agreed")
        }
        self.itemReturn = itemReturn
        status = itemReturn.method == .shipped ? .shippedBack : .readyForPickup
        dueAt = nil
        chaseCount = 0
    }

    /// The merchant declines the case, or is suspended: it waits for routing again.
    /// - Returns: the merchant it left.
    public mutating func handBack(_ reason: RoutingReason) throws(ErrorBody) -> UUID {
        guard let merchant = merchantID,
            [.awaitingDispatch, .awaitingAcknowledgement, .responseOverdue, .acknowledged, .customerConsultation, .inspected].contains(status)
        else { throw refusal("it can no longer be handed back") }
        try notAtTheDesk()
        merchantID = nil
        status = .awaitingRouting
        routingReason = reason
        respondBy = nil
        dueAt = nil
        chaseCount = 0
        return merchant
    }

    /// The case was cancelled at Intake.
    /// - Returns: false when it was withdrawn already (a redelivery).
    public mutating func withdraw() -> Bool {
        guard status != .withdrawn else { return false }
        status = .withdrawn
        routingReason = nil
        dueAt = nil
        escalated = false
        return true
    }

    /// What a passed merchant deadline does.
    public enum Lapse: Equatable, Sendable {
        /// The merchant is chased (the `number`th time for this step); the next lapse is at `dueAt`.
        case chased(number: Int, step: MerchantStep, firstOverdue: Bool)
        /// The merchant was chased enough: the escalation desk has the case.
        case escalate(step: MerchantStep)
    }

    /// The merchant's deadline `dueAt` passed at `now`.
    /// - Returns: nil when the case moved on meanwhile (the timer is stale).
    public mutating func deadlinePassed(due: Date, at now: Date, deadlines: HandshakeDeadlines) -> Lapse? {
        guard isChased, let step = merchantStep, dueAt == due else { return nil }
        guard chaseCount < deadlines.chasesBeforeEscalation else {
            escalated = true
            return .escalate(step: step)
        }
        let firstOverdue = status == .awaitingAcknowledgement
        if firstOverdue {
            status = .responseOverdue
            overdueAt = now
        }
        chaseCount += 1
        chasesTotal += 1
        dueAt = now.addingTimeInterval(TimeInterval(deadlines.chaseIntervalHours) * 3600)
        return .chased(number: chaseCount, step: step, firstOverdue: firstOverdue)
    }

    /// Sent to the escalation desk on demand.
    public mutating func escalate() throws(ErrorBody) {
        guard !escalated else { throw refusal("it is at the escalation desk already") }
        guard merchantID != nil, !isClosed, status != .resolutionAgreed else { throw refusal("there is nothing to escalate") }
        escalated = true
    }

    /// The escalation desk gives the case back to its merchant, with a fresh deadline for the step it is at.
    public mutating func returnToMerchant(at now: Date, deadlines: HandshakeDeadlines) throws(ErrorBody) {
        guard merchantID != nil, !isClosed else { throw refusal("it has no merchant to return to") }
        escalated = false
        if status == .resolutionProposed { status = .inspected }
        open(merchantStep, at: now, deadlines: deadlines)
        if merchantStep == .acknowledge { respondBy = dueAt }
    }

    /// What Dispatch's queue events carry (the merchant must answer by `respondBy`).
    public var fields: MerchantCaseFields? {
        guard let merchantID, let respondBy else { return nil }
        return MerchantCaseFields(caseID: caseID, merchantID: merchantID, respondBy: respondBy)
    }
}
