public import Models

/// Who pays for a repair line (rules.md §2(e), SH-12/13, LG-16/17/19). Pure, in local days.
public enum RepairCoverage {
    /// Free inside the product's warranty or inside the warranty of the device's previous repair (their last
    /// days included; SH-12 and 2e-S step 6 do not limit it to the same fault); chargeable otherwise (SH-13).
    public static func decide(today: LocalDate, productWarrantyEnds: LocalDate?, previousRepairWarrantyEnds: LocalDate?) -> LineCoverage {
        if let ends = productWarrantyEnds, today <= ends { return .warranty }
        if let ends = previousRepairWarrantyEnds, today <= ends { return .warranty }
        return .chargeable
    }

    /// The leather-goods shop's route by the age of the item since the customer received it (LG-16, LG-17,
    /// LG-19): a paid repair only after a month; before, a return or exchange route.
    public enum LeatherRoute: String, Sendable, Equatable {
        /// Day 1–7 and not a quality problem: the shop's no-reason return window (not a repair; LG-04 counts
        /// that window in working days, which decide its exact end).
        case sevenDayReturn = "seven_day_return"
        /// Within a month, a quality problem: return or exchange at the company's cost (LG-16, LG-19).
        case companyPaidReturnOrExchange = "company_paid_return_or_exchange"
        /// Day 8 to one month, not a quality problem: negotiated (LG-19).
        case negotiate
        /// Past one month: a paid repair, the customer paying the fee and freight (LG-17).
        case paidRepair = "paid_repair"
    }

    /// "One month" is the same date a calendar month later (clamped to the month's end), as rules.md §0 counts;
    /// nil for a day before the item was received.
    public static func leatherRoute(received: LocalDate, today: LocalDate, qualityProblem: Bool) -> LeatherRoute? {
        guard today >= received else { return nil }
        if today > received.adding(months: 1) { return .paidRepair }
        if qualityProblem { return .companyPaidReturnOrExchange }
        return received.days(until: today) <= 7 ? .sevenDayReturn : .negotiate
    }
}
