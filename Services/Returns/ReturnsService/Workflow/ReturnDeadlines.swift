public import Foundation
public import Models

/// The platform's timers of a return request (rules.md §5 T-01 … T-05), pure: which of the stamped policy's
/// timers runs in a status, when it runs out — hours to the second, days at 00:00 after their last day in the
/// tenant's calendar (§0) — and what its expiry does to the request.
public enum ReturnDeadlines {
    /// What starts a timer: the status the request entered.
    public static func trigger(of status: ReturnRequestStatus) -> TimerTrigger? {
        switch status {
        case .requested: .requestSubmitted
        case .merchantRejected, .partialRefundOffered: .merchantRejected
        case .awaitingReturn: .merchantAgreedReturn
        case .itemReturned: .userReturned
        default: nil
        }
    }

    /// The resolution a request type is (a policy's timers are per resolution).
    public static func resolution(of type: ReturnType) -> Resolution {
        switch type {
        case .refundOnly: .refundOnly
        case .returnAndRefund: .returnAndRefund
        case .exchange: .exchange
        }
    }

    /// The timer that runs once the request entered `status` at `entered`, with its instant; nil when the
    /// stamped timers have none for it (a policy without platform timers, an exchange under Pinduoduo's).
    public static func deadline(
        status: ReturnRequestStatus,
        type: ReturnType,
        entered: Date,
        timers: [TimerRule],
        calendar: BusinessCalendar
    ) -> (rule: TimerRule, dueAt: Date)? {
        guard let trigger = trigger(of: status),
            let rule = timers.first(where: { $0.trigger == trigger && $0.resolutions.contains(resolution(of: type)) })
        else { return nil }
        return (rule, calendar.expiry(of: rule.duration, from: entered))
    }

    /// What the expiry of a timer in `status` does.
    public static func action(onExpiryOf rule: TimerRule, in status: ReturnRequestStatus) -> ReturnAction? {
        switch status {
        case .requested: .merchantAnswerTimedOut
        case .merchantRejected, .partialRefundOffered, .awaitingReturn: .customerTimedOut
        case .itemReturned: .merchantReceiptTimedOut(escalate: rule.onExpiry == .escalateToPlatform)
        default: nil
        }
    }
}
