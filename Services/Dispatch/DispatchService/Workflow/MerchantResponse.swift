public import Foundation
public import Models
public import ServiceKit

/// The merchant's response deadline (rules.md §5 T-01/T-02: 48 h): a case queued for its merchant waits
/// for an acknowledgement; a timer due at the deadline marks it overdue unless the acknowledgement
/// cancelled it in the same transaction.
public enum MerchantResponse {
    public static let timerKind = "dispatch.merchant_response_due"

    public static let responseHours = SettingKey(
        "dispatch.merchant_response_hours",
        .integer,
        default: "48",
        "Hours a merchant has to acknowledge a case queued for it (rules.md §5 T-01/T-02) before it is overdue."
    )

    /// The deadline timer's subject: the case.
    public static func subject(_ caseID: UUID) -> EventSubject { EventSubject(kind: "case", id: caseID.wire) }
}
