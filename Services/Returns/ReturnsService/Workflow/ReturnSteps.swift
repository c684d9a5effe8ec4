/// The names of a request's steps, as its history and `returns.request_changed` give them (lower_snake).
public enum ReturnSteps {
    public static let submitted = "submitted"
    /// Filed on an order the platform decides (PDD-04): straight to review.
    public static let submittedForReview = "submitted_for_review"
    /// Opened from the merchant's agreement (`dispatch.resolution_agreed`).
    public static let agreedByMerchant = "agreed_by_merchant"
    public static let resubmitted = "resubmitted"
    /// The case was cancelled at Intake: its open request is withdrawn with it.
    public static let caseCancelled = "case_cancelled"
    /// An exchange settled against its replacement's price (LG-07); the request stays `replacement_due`.
    public static let exchangeSettled = "exchange_settled"
    /// The exchange's replacement shipped, with its tracking number.
    public static let replacementShipped = "replacement_shipped"

    /// The step an action is.
    public static func name(of action: ReturnAction) -> String {
        switch action {
        case .merchantApprove: "approved"
        case .merchantReject: "rejected"
        case .merchantOfferPartialRefund: "partial_refund_offered"
        case .merchantConfirmReceipt(let acceptable): acceptable ? "receipt_confirmed" : "receipt_disputed"
        case .merchantAnswerTimedOut: "merchant_answer_timed_out"
        case .merchantReceiptTimedOut: "merchant_receipt_timed_out"
        case .customerResubmit: resubmitted
        case .customerAskReview: "review_asked"
        case .customerAcceptOffer: "offer_accepted"
        case .customerDeclineOffer: "offer_declined"
        case .customerShipReturn: "return_shipped"
        case .customerTimedOut: "customer_timed_out"
        case .customerWithdraw: "withdrawn"
        case .arbitrate: "arbitrated"
        case .refundPaid: "refund_paid"
        }
    }
}
