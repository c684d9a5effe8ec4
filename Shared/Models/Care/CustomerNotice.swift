/// A message the platform sends a customer (rules.md §2(g)): what it is about decides its template and the
/// variables the template may use.
public enum CustomerNotice: String, WireEnum, Hashable, CaseIterable {
    /// T-24: the repaired item is ready to collect (sent 1 h, or 4 h for a job of 2 days or more, before).
    case pickupNotice = "pickup_notice"
    /// T-24: the repair will be late — the new time, with an apology.
    case delayNotice = "delay_notice"
    /// T-33: an appointment tomorrow (or in half a day).
    case appointmentReminder = "appointment_reminder"
    /// T-38 (SH-14): the visit may not be completed by the agreed time — told before it passes, a new time to agree.
    case completionAtRisk = "completion_at_risk"
    /// The refund (or compensation) was paid.
    case refundPaid = "refund_paid"
    /// After resolution: how satisfied was the customer (§2(g) satisfaction survey, [004 5.3.3]).
    case satisfactionSurvey = "satisfaction_survey"

    /// Every notice may name the customer, the tenant, the product and the order.
    static let common: [String] = ["customerName", "shopName", "productName", "orderNumber"]

    /// The variables a template of this notice may use, `{{name}}` in its body.
    public var variables: [String] {
        switch self {
        case .pickupNotice: Self.common + ["readyAt"]
        case .delayNotice: Self.common + ["promisedBy", "previousPromisedBy"]
        case .appointmentReminder: Self.common + ["windowStart", "windowEnd"]
        case .completionAtRisk: Self.common + ["agreedCompletion"]
        case .refundPaid: Self.common + ["amount"]
        case .satisfactionSurvey: Self.common + ["surveyCode"]
        }
    }
}

/// The languages templates are written in; a customer without a preference gets Chinese.
public enum MessageLanguage: String, WireEnum, Hashable, CaseIterable {
    case zh
    case en

    public static let fallback = MessageLanguage.zh
}

/// How a message reaches the customer. Only the development sink is connected today (README): it stores the
/// message where `ListCustomerMessages` reads it; SMS and e-mail providers plug in behind the same interface.
public enum MessageChannelKind: String, WireEnum, Hashable, CaseIterable {
    case sms
    case email
}
