import Models
import ReturnsService
import Testing

/// The return request's life, exhaustively (rules.md §2(d) 2d-P, §3.1, §5 T-01 … T-05): every status × every
/// action × every request type against the table below, written from the rules; everything not in it is
/// refused with failed_precondition naming the status.
@Suite struct ReturnRequestLifeTests {
    typealias S = ReturnRequestStatus

    /// (from, action, types) → to. `all` = every type; `money` = refund-only and return-and-refund.
    static let all: [ReturnType] = ReturnType.allCases
    static let money: [ReturnType] = [.refundOnly, .returnAndRefund]
    static let returned: [ReturnType] = [.returnAndRefund, .exchange]

    static var table: [(S, ReturnAction, [ReturnType], (ReturnType) -> S)] {
        let open: [S] = [.requested, .inPlatformReview, .merchantRejected, .partialRefundOffered, .awaitingReturn, .itemReturned]
        var rows: [(S, ReturnAction, [ReturnType], (ReturnType) -> S)] = open.map { ($0, .customerWithdraw, all, { _ in .withdrawn }) }
        rows += [
            // PDD 2.2, 3.2: the merchant approves — a refund, or the return awaited (an exchange too).
            (.requested, .merchantApprove, all, { $0 == .refundOnly ? .refundApproved : .awaitingReturn }),
            (.requested, .merchantReject, all, { _ in .merchantRejected }),
            (.requested, .merchantOfferPartialRefund, money, { _ in .partialRefundOffered }),
            // T-01 refund-only auto-approved; T-02 return-and-refund refunded without the return; an exchange as agreed.
            (.requested, .merchantAnswerTimedOut, all, { $0 == .exchange ? .awaitingReturn : .refundApproved }),
            // PDD 2.3, 3.3: after a rejection — resubmit or ask the platform; T-03 lapses.
            (.merchantRejected, .customerResubmit, all, { _ in .requested }),
            (.merchantRejected, .customerAskReview, all, { _ in .inPlatformReview }),
            (.merchantRejected, .customerTimedOut, all, { _ in .userOverdue }),
            (.partialRefundOffered, .customerAcceptOffer, money, { _ in .refundApproved }),
            (.partialRefundOffered, .customerDeclineOffer, money, { _ in .merchantRejected }),
            (.partialRefundOffered, .customerResubmit, money, { _ in .requested }),
            (.partialRefundOffered, .customerAskReview, money, { _ in .inPlatformReview }),
            (.partialRefundOffered, .customerTimedOut, money, { _ in .userOverdue }),
            // PDD 3.5: 7 days to ship the return (T-04).
            (.awaitingReturn, .customerShipReturn, all, { _ in .itemReturned }),
            (.awaitingReturn, .customerTimedOut, all, { _ in .userOverdue }),
            // PDD 3.6.1: the merchant confirms the receipt; a disputed condition goes to the platform; T-05's default.
            (.itemReturned, .merchantConfirmReceipt(acceptable: true), all, { $0 == .exchange ? .replacementDue : .refundApproved }),
            (.itemReturned, .merchantConfirmReceipt(acceptable: false), all, { _ in .inPlatformReview }),
            (.itemReturned, .merchantReceiptTimedOut(escalate: false), all, { $0 == .exchange ? .replacementDue : .refundApproved }),
            (.itemReturned, .merchantReceiptTimedOut(escalate: true), all, { _ in .inPlatformReview }),
            // §3.2: the arbitrator decides; a partial refund only where money is refunded.
            (.inPlatformReview, .arbitrate(.supportBuyer), all, { $0 == .refundOnly ? .refundApproved : .awaitingReturn }),
            (.inPlatformReview, .arbitrate(.supportMerchant), all, { _ in .refused }),
            (.inPlatformReview, .arbitrate(.partial), money, { _ in .refundApproved }),
            (.refundApproved, .refundPaid, all, { _ in .refunded }),
        ]
        return rows
    }

    @Test func everyStatusTimesEveryActionTimesEveryTypeIsTheTablesAnswer() {
        var checked = 0
        for status in S.allCases {
            for action in ReturnAction.all {
                for type in ReturnType.allCases {
                    let row = Self.table.first { $0.0 == status && $0.1 == action && $0.2.contains(type) }
                    switch ReturnRequestLife.next(status, type, action) {
                    case .success(let next):
                        #expect(row.map { $0.3(type) } == next, "\(status) \(action) \(type) → \(next) is not in the table")
                    case .failure(let error):
                        #expect(row == nil, "\(status) \(action) \(type) refused: \(error.message)")
                        #expect(error.code == .failedPrecondition && error.message.contains(status.rawValue))
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == S.allCases.count * ReturnAction.all.count * ReturnType.allCases.count)
    }

    @Test func aReviewOfAReturnedItemsConditionRefundsOrReplacesWithoutAnotherReturn() {
        #expect(ReturnRequestLife.next(.inPlatformReview, .returnAndRefund, .arbitrate(.supportBuyer), itemBack: true) == .success(.refundApproved))
        #expect(ReturnRequestLife.next(.inPlatformReview, .exchange, .arbitrate(.supportBuyer), itemBack: true) == .success(.replacementDue))
        #expect(ReturnRequestLife.next(.inPlatformReview, .refundOnly, .arbitrate(.supportBuyer), itemBack: true) == .success(.refundApproved))
    }

    @Test func aPolicyMayKeepAReturnFromBeingWithdrawn() {
        let refused = ReturnRequestLife.next(.awaitingReturn, .returnAndRefund, .customerWithdraw, withdrawable: false)
        #expect((try? refused.get()) == nil)
        #expect(ReturnRequestLife.next(.awaitingReturn, .returnAndRefund, .customerWithdraw) == .success(.withdrawn))
    }

    @Test func aRequestStartsApprovedOnTheMerchantsAgreementAtThePlatformOnAnUnshippedOrder() {
        #expect(ReturnRequestLife.start(.refundOnly, agreedByMerchant: true, orderShipped: true) == .refundApproved)
        #expect(ReturnRequestLife.start(.returnAndRefund, agreedByMerchant: true, orderShipped: true) == .awaitingReturn)
        #expect(ReturnRequestLife.start(.refundOnly, agreedByMerchant: false, orderShipped: false) == .inPlatformReview, "PDD-04")
        #expect(ReturnRequestLife.start(.returnAndRefund, agreedByMerchant: false, orderShipped: true) == .requested)
    }

    @Test func eachActionHasItsActor() {
        #expect(ReturnAction.all.filter { $0.actor == .arbitrator }.count == ReviewDecision.allCases.count)
        #expect(
            ReturnAction.all.filter { $0.actor == .system }
                == [
                    .merchantAnswerTimedOut, .merchantReceiptTimedOut(escalate: false), .merchantReceiptTimedOut(escalate: true), .customerTimedOut,
                    .refundPaid,
                ]
        )
        #expect(!ReturnAction.all.contains { $0.actor == .merchant && ReturnRequestLife.next(.inPlatformReview, .refundOnly, $0).isSuccess })
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
