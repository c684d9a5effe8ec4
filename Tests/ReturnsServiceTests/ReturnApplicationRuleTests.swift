import Models
import ReturnsService
import Testing

/// The rules of a return request as filed, without I/O (rules.md §3, glossary §6).
@Suite struct ReturnApplicationRuleTests {
    func draft(_ type: ReturnType, amount: Int64, currency: String = "CNY", reason: String = "尺码不合适") -> ReturnApplication.Draft {
        ReturnApplication.Draft(
            caseID: "0190e3a0-0000-7000-8000-0000000000d1",
            merchantID: "0190e3a0-0000-7000-8000-0000000000c1",
            type: type,
            amount: Money(currency: currency, amountMinor: amount),
            reason: reason
        )
    }

    /// A refund pays something back; an exchange's amount is the price difference owed, which may be zero.
    @Test func aRefundIsAboveZeroAndAnExchangeMayOweNothing() {
        #expect(Self.fields(ReturnApplication.validate(draft(.refundOnly, amount: 0))) == ["amount.amountMinor"])
        #expect(Self.fields(ReturnApplication.validate(draft(.returnAndRefund, amount: 0))) == ["amount.amountMinor"])
        #expect((try? ReturnApplication.validate(draft(.exchange, amount: 0)).get()) != nil)
        #expect((try? ReturnApplication.validate(draft(.refundOnly, amount: 1)).get())?.amount.amountMinor == 1)
    }

    @Test func amountsAreBoundedAndInABookedCurrency() {
        let top = ReturnApplication.maxAmountMinor
        #expect((try? ReturnApplication.validate(draft(.refundOnly, amount: top)).get()) != nil)
        #expect(Self.fields(ReturnApplication.validate(draft(.refundOnly, amount: top + 1))) == ["amount.amountMinor"])
        #expect(Self.fields(ReturnApplication.validate(draft(.refundOnly, amount: 100, currency: "EUR"))) == ["amount.currency"])
    }

    @Test func everyFieldAtFaultIsNamedAtOnce() {
        let refused = ReturnApplication.validate(
            ReturnApplication.Draft(
                caseID: "x",
                merchantID: "y",
                type: .refundOnly,
                amount: Money(currency: "CNY", amountMinor: -5),
                reason: "  "
            )
        )
        #expect(Self.fields(refused) == ["caseId", "merchantId", "amount.amountMinor", "reason"])
    }

    static func fields(_ result: Result<ReturnApplication, ErrorBody>) -> Set<String> {
        guard case .failure(let error) = result else { return [] }
        return Set(error.details.map(\.field))
    }
}
