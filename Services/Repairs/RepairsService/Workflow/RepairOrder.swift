public import Foundation
public import Models

/// A repair order (进厂维修单) and everything recorded on it, step by step (rules.md §2(e)): the check-in, the
/// quote and the customer's answer, supplementary orders for extra work, holds, quality checks, the
/// settlement with the repair's own warranty, and the handover. Stored as one document (its shape is the
/// contract's `RepairOrder` less the parts, which come from Parts' events), so a step is one row written.
public struct RepairOrder: Sendable, Equatable, Codable {
    public var id: UUID
    public var caseID: UUID?
    public var merchantID: UUID?
    public var category: String
    public var device: Device
    public var reportedFault: String
    /// The fault as diagnosed (lower_snake), which repeated repairs of one item are matched on (DS-04 D, FN-05).
    public var faultCode: String?
    public var accompanyingItems: [String]
    public var status: RepairOrderStatus
    public var technician: String?
    /// The promised completion: the quote's, moved when awaited parts are expected later (WS-06).
    public var promisedBy: Date?
    public var checkIn: CheckIn?
    public var quote: QuoteRecord?
    public var extraWork: [ExtraWork] = []
    public var hold: Hold?
    /// The holds it came out of, with what was agreed.
    public var holdHistory: [Hold] = []
    public var workDone: String?
    public var qualityChecks: [QualityCheck] = []
    public var settlement: Settlement?
    public var handover: Handover?
    public var cancellation: Cancellation?
    /// The current appointment (a workshop bay or an on-site visit), and those it replaced.
    public var appointment: Appointment?
    public var appointmentHistory: [Appointment] = []
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// A newly registered order.
    public init(id: UUID, registration: RepairRegistration, at now: Date) {
        self.id = id
        caseID = registration.caseID
        merchantID = registration.merchantID
        category = registration.category
        device = registration.device
        reportedFault = registration.reportedFault
        accompanyingItems = registration.accompanyingItems
        status = .registered
        version = 1
        createdAt = now
        updatedAt = now
    }

    enum CodingKeys: String, CodingKey {
        case repairOrderId, caseId, merchantId, category, device, reportedFault, faultCode, accompanyingItems, status, technician, promisedBy, checkIn
        case quote, extraWork, hold, holdHistory, workDone, qualityChecks, settlement, handover, cancellation, appointment, appointmentHistory
        case version, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeWireUUID(forKey: .repairOrderId)
        caseID = try c.decodeWireUUIDIfPresent(forKey: .caseId)
        merchantID = try c.decodeWireUUIDIfPresent(forKey: .merchantId)
        category = try c.decode(String.self, forKey: .category)
        device = try c.decode(Device.self, forKey: .device)
        reportedFault = try c.decode(String.self, forKey: .reportedFault)
        faultCode = try c.decodeIfPresent(String.self, forKey: .faultCode)
        accompanyingItems = try c.decode([String].self, forKey: .accompanyingItems)
        status = try c.decode(RepairOrderStatus.self, forKey: .status)
        technician = try c.decodeIfPresent(String.self, forKey: .technician)
        promisedBy = try c.decodeIfPresent(Date.self, forKey: .promisedBy)
        checkIn = try c.decodeIfPresent(CheckIn.self, forKey: .checkIn)
        quote = try c.decodeIfPresent(QuoteRecord.self, forKey: .quote)
        extraWork = try c.decode([ExtraWork].self, forKey: .extraWork)
        hold = try c.decodeIfPresent(Hold.self, forKey: .hold)
        holdHistory = try c.decode([Hold].self, forKey: .holdHistory)
        workDone = try c.decodeIfPresent(String.self, forKey: .workDone)
        qualityChecks = try c.decode([QualityCheck].self, forKey: .qualityChecks)
        settlement = try c.decodeIfPresent(Settlement.self, forKey: .settlement)
        handover = try c.decodeIfPresent(Handover.self, forKey: .handover)
        cancellation = try c.decodeIfPresent(Cancellation.self, forKey: .cancellation)
        appointment = try c.decodeIfPresent(Appointment.self, forKey: .appointment)
        appointmentHistory = try c.decodeIfPresent([Appointment].self, forKey: .appointmentHistory) ?? []
        version = try c.decode(Int.self, forKey: .version)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.wireText, forKey: .repairOrderId)
        try c.encodeIfPresent(caseID?.wireText, forKey: .caseId)
        try c.encodeIfPresent(merchantID?.wireText, forKey: .merchantId)
        try c.encode(category, forKey: .category)
        try c.encode(device, forKey: .device)
        try c.encode(reportedFault, forKey: .reportedFault)
        try c.encodeIfPresent(faultCode, forKey: .faultCode)
        try c.encode(accompanyingItems, forKey: .accompanyingItems)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(technician, forKey: .technician)
        try c.encodeIfPresent(promisedBy, forKey: .promisedBy)
        try c.encodeIfPresent(checkIn, forKey: .checkIn)
        try c.encodeIfPresent(quote, forKey: .quote)
        try c.encode(extraWork, forKey: .extraWork)
        try c.encodeIfPresent(hold, forKey: .hold)
        try c.encode(holdHistory, forKey: .holdHistory)
        try c.encodeIfPresent(workDone, forKey: .workDone)
        try c.encode(qualityChecks, forKey: .qualityChecks)
        try c.encodeIfPresent(settlement, forKey: .settlement)
        try c.encodeIfPresent(handover, forKey: .handover)
        try c.encodeIfPresent(cancellation, forKey: .cancellation)
        try c.encodeIfPresent(appointment, forKey: .appointment)
        if !appointmentHistory.isEmpty { try c.encode(appointmentHistory, forKey: .appointmentHistory) }
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// Supplementary orders and QC rounds an order keeps at most: past them something is wrong with the
    /// repair, and the desk starts a new order.
    public static let maxRounds = 20

    /// Ends the current hold with what was agreed, keeping it in the history.
    mutating func releaseHold(agreement: String, at now: Date) {
        guard var ended = hold else { return }
        ended.agreement = agreement
        ended.releasedAt = now
        holdHistory.append(ended)
        hold = nil
    }

    /// The work still to do when parts come: the quote's and the approved extra work's.
    var workMinutes: Int {
        (quote?.workMinutes ?? 0) + extraWork.filter { $0.approved == true }.reduce(0) { $0 + $1.delayMinutes }
    }

    /// What the customer pays before any discount: the accepted quote and the approved extra work.
    public var chargeable: (quoted: Money, extraWork: Money)? {
        guard let quote, quote.answer?.accepted == true else { return nil }
        let extra = extraWork.filter { $0.approved == true }.reduce(Int64(0)) { $0 + $1.addedTotal.amountMinor }
        return (quote.total, Money(currency: quote.total.currency, amountMinor: extra))
    }
}

/// The check-in record (WS-07, LG-22): what was received, the exterior, the customer's signature, and
/// whether the item matches the case's evidence photos.
public struct CheckIn: Sendable, Equatable, Codable {
    public var receivedItems: [String]
    public var exteriorCondition: String
    public var customerSignatureRef: String
    public var matchesEvidence: Bool
    public var discrepancy: String?
    public var discrepancyAgreement: String?
    public var checkedInAt: Date
    public var checkedInBy: String

    enum CodingKeys: String, CodingKey {
        case receivedItems, exteriorCondition, customerSignatureRef, matchesEvidence, discrepancy, discrepancyAgreement, checkedInAt
        case checkedInBy
    }
}

/// A quote as given, with the customer's answer.
public struct QuoteRecord: Sendable, Equatable, Codable {
    public var method: EstimateMethod
    public var lines: [RepairQuote.Line]
    public var subtotal: Money
    public var riskPremium: Money
    public var total: Money
    public var coveredByWarranty: Money
    public var minimumDeposit: Money
    public var noGuaranteeLines: [Int]
    public var qualityCaveat: Bool
    public var workMinutes: Int
    public var promisedBy: Date
    public var quotedAt: Date
    public var quotedBy: String
    public var answer: QuoteAnswer?
    /// The product's warranty end it was quoted with (`YYYY-MM-DD`): supplementary orders are covered by it too.
    public var productWarrantyEnds: String?
    /// The leather shop's rule it was quoted under: the day the customer received the item, and whether the
    /// fault is a quality problem (LG-16).
    public var itemReceivedOn: String?
    public var qualityProblem: Bool?

    public init(
        _ quote: RepairQuote,
        workMinutes: Int,
        productWarrantyEnds: LocalDate?,
        leather: (received: LocalDate, qualityProblem: Bool)? = nil,
        at now: Date,
        by actor: String
    ) {
        method = quote.method
        lines = quote.lines
        subtotal = quote.subtotal
        riskPremium = quote.riskPremium
        total = quote.total
        coveredByWarranty = quote.coveredByWarranty
        minimumDeposit = quote.minimumDeposit
        noGuaranteeLines = quote.noGuaranteeLines
        qualityCaveat = quote.qualityCaveat
        self.workMinutes = workMinutes
        promisedBy = quote.promisedBy
        quotedAt = now
        quotedBy = actor
        self.productWarrantyEnds = productWarrantyEnds?.description
        itemReceivedOn = leather?.received.description
        qualityProblem = leather?.qualityProblem
    }

    /// The leather shop's rule as quoted, if it applied.
    var leather: (received: LocalDate, qualityProblem: Bool)? {
        itemReceivedOn.flatMap(LocalDate.init(iso:)).map { ($0, qualityProblem ?? false) }
    }

    enum CodingKeys: String, CodingKey {
        case method, lines, subtotal, riskPremium, total, coveredByWarranty, minimumDeposit, noGuaranteeLines, qualityCaveat, workMinutes
        case promisedBy, quotedAt, quotedBy, answer, productWarrantyEnds, itemReceivedOn, qualityProblem
    }
}

/// The customer's answer to a quote; a declined one says who pays the diagnosis (WS-03).
public struct QuoteAnswer: Sendable, Equatable, Codable {
    public var accepted: Bool
    public var answeredAt: Date
    public var answeredBy: String
    public var customerSignatureRef: String?
    public var reason: String?
    public var diagnosisFee: Money?
    public var diagnosisPaidBy: DiagnosisPaidBy?
    /// Accepted for a repair at the manufacturer's (factory repair): its progress check is 12 h before the
    /// promise (T-26).
    public var atManufacturer: Bool?

    enum CodingKeys: String, CodingKey {
        case accepted, answeredAt, answeredBy, customerSignatureRef, reason, diagnosisFee, diagnosisPaidBy, atManufacturer
    }
}

/// A supplementary repair order (追加维修项目, WS-09): reported by the workshop, told to the customer, answered.
public struct ExtraWork: Sendable, Equatable, Codable {
    public var batch: Int
    public var description: String
    public var lines: [RepairQuote.Line]
    public var addedTotal: Money
    public var delayMinutes: Int
    public var customerToldVia: ToldVia
    public var customerToldAt: Date
    public var reportedBy: String
    public var approved: Bool?
    public var answeredAt: Date?
    public var workshopTold: String?
    public var customerConsentRef: String?

    enum CodingKeys: String, CodingKey {
        case batch, description, lines, addedTotal, delayMinutes, customerToldVia, customerToldAt, reportedBy, approved, answeredAt, workshopTold
        case customerConsentRef
    }
}

public struct Hold: Sendable, Equatable, Codable {
    public var kind: RepairHoldKind
    public var reason: String
    public var since: Date
    /// What was agreed with the customer to end it, and when it ended.
    public var agreement: String?
    public var releasedAt: Date?

    enum CodingKeys: String, CodingKey { case kind, reason, since, agreement, releasedAt }
}

/// One round of quality control against the category's checklist (WS-14).
public struct QualityCheck: Sendable, Equatable, Codable {
    public var round: Int
    public var checklist: [String]
    public var failedItems: [String]
    public var notes: [QualityCheckNote]
    public var passed: Bool
    public var checkedAt: Date
    public var checkedBy: String

    enum CodingKeys: String, CodingKey { case round, checklist, failedItems, notes, passed, checkedAt, checkedBy }
}

/// A remark on one checked item.
public struct QualityCheckNote: Sendable, Equatable, Codable {
    public var item: String
    public var note: String

    enum CodingKeys: String, CodingKey { case item, note }
}

/// The settlement statement (WS-12, WS-13) and the repair's own warranty.
public struct Settlement: Sendable, Equatable, Codable {
    public var quoted: Money
    public var extraWork: Money
    public var discount: Money
    public var payable: Money
    public var settledAt: Date
    public var settledBy: String
    public var warrantyDays: Int
    /// The last day of the repair's warranty, in the tenant's calendar (`YYYY-MM-DD`).
    public var warrantyEnds: String
    public var discountReason: String?
    public var discountApprovedBy: String?

    enum CodingKeys: String, CodingKey {
        case quoted, extraWork, discount, payable, settledAt, settledBy, warrantyDays, warrantyEnds, discountReason, discountApprovedBy
    }
}

public struct Handover: Sendable, Equatable, Codable {
    public var method: HandoverMethod
    public var customerConfirmationRef: String
    public var trackingNumber: String?
    public var handedOverAt: Date
    public var handedOverBy: String
    /// An exchange: the serial of the new item handed over instead of the repaired one (FN-05, FN-06; the
    /// 三包 period restarts on it, FN-09).
    public var replacementSerialNumber: String?

    enum CodingKeys: String, CodingKey {
        case method, customerConfirmationRef, trackingNumber, handedOverAt, handedOverBy, replacementSerialNumber
    }
}

public struct Cancellation: Sendable, Equatable, Codable {
    public var reason: String
    public var cancelledAt: Date
    public var cancelledBy: String

    enum CodingKeys: String, CodingKey { case reason, cancelledAt, cancelledBy }
}
