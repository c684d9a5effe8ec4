public import Models

/// Who pays for a repair line (rules.md §2(e), SH-12/13, LG-16/17/19). Pure, in local days.
public enum RepairCoverage {
    /// The repair a customer had before on this device.
    public struct PreviousRepair: Sendable, Equatable {
        public var warrantyEnds: LocalDate
        /// The same fault again: only then does that repair's warranty cover it.
        public var sameFault: Bool

        public init(warrantyEnds: LocalDate, sameFault: Bool) {
            self.warrantyEnds = warrantyEnds
            self.sameFault = sameFault
        }
    }

    /// Free inside the product's warranty (its last day included) or inside the previous repair's warranty
    /// for the same fault; chargeable otherwise (SH-12, SH-13).
    public static func decide(today: LocalDate, productWarrantyEnds: LocalDate?, previousRepair: PreviousRepair?) -> LineCoverage {
        if let ends = productWarrantyEnds, today <= ends { return .warranty }
        if let previous = previousRepair, previous.sameFault, today <= previous.warrantyEnds { return .warranty }
        return .chargeable
    }

    /// The leather-goods shop's route by the age of the item since the customer received it (LG-16, LG-17,
    /// LG-19): a paid repair only after a month; before, a return or exchange route.
    public enum LeatherRoute: String, Sendable, Equatable {
        /// Day 1–7: the seven-day return applies (not a repair).
        case sevenDayReturn = "seven_day_return"
        /// Day 8 to one month, a quality problem: return or exchange at the company's cost (LG-16, LG-19).
        case companyPaidReturnOrExchange = "company_paid_return_or_exchange"
        /// Day 8 to one month, not a quality problem: negotiated (LG-19).
        case negotiate
        /// Past one month: a paid repair, the customer paying the fee and freight (LG-17).
        case paidRepair = "paid_repair"
    }

    /// "One month" is the same date a calendar month later (clamped to the month's end), as rules.md §0 counts.
    public static func leatherRoute(received: LocalDate, today: LocalDate, qualityProblem: Bool) -> LeatherRoute {
        if today > received.adding(months: 1) { return .paidRepair }
        if received.days(until: today) <= 7 { return .sevenDayReturn }
        return qualityProblem ? .companyPaidReturnOrExchange : .negotiate
    }
}
