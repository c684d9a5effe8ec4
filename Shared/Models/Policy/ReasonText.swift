/// The bilingual sentences of reasons; one place so wording stays consistent.
enum ReasonText {
    static let notOffered = LocalizedText("本政策不提供此处理方式", "This policy does not offer this resolution")
    static let noRule = LocalizedText("该商品无适用规则", "No rule covers this product")
    static let negotiable = LocalizedText("不属于保障范围，可与商家协商", "Not an entitlement; negotiable with the seller")

    static func granted(deadline: LocalDate?) -> LocalizedText {
        guard let deadline else { return LocalizedText("符合条件", "Eligible") }
        return LocalizedText("符合条件，截止 \(deadline) 23:59:59", "Eligible until \(deadline) 23:59:59")
    }
    static func requires(_ t: LocalizedText) -> LocalizedText { LocalizedText("条件不满足：\(t.zh)", "Requires: \(t.en)") }
    static func blocked(_ t: LocalizedText) -> LocalizedText { LocalizedText("不予办理：\(t.zh)", "Blocked: \(t.en)") }
    static func warning(_ t: LocalizedText) -> LocalizedText { LocalizedText("有限保障：\(t.zh)", "Limited: \(t.en)") }
    static func feeCharged(_ t: LocalizedText) -> LocalizedText { LocalizedText("需收费：\(t.zh)", "Fee charged: \(t.en)") }
    static func missingDate(_ a: DateAnchor) -> LocalizedText { LocalizedText("缺少日期：\(a.rawValue)", "Missing date: \(a.rawValue)") }
    static func windowNotOpen(_ d: LocalDate) -> LocalizedText { LocalizedText("自 \(d) 起才可办理", "Available from \(d)") }
    static func windowClosed(_ d: LocalDate) -> LocalizedText { LocalizedText("已超过期限 \(d)", "Window closed on \(d)") }
    static func follows(_ r: Resolution) -> LocalizedText {
        LocalizedText("须在\(r.rawValue)期限结束后", "Only after the \(r.rawValue) window has closed")
    }
    static func sentBack(_ p: ShippingPayer) -> LocalizedText {
        let who = payer(p)
        return LocalizedText("退回的商品原样寄回，全部运费由\(who.zh)承担", "The refused return is sent back; \(who.en) pays every leg")
    }
    static func payout(_ m: Money) -> LocalizedText { LocalizedText("应付顾客 \(m)", "Customer receives \(m)") }
    static func priceDifference(_ p: PriceDifference) -> LocalizedText {
        LocalizedText(
            "多退少补：顾客补 \(p.customerPays)，退顾客 \(p.sellerRefunds)",
            "Settle difference: customer pays \(p.customerPays), seller refunds \(p.sellerRefunds)"
        )
    }

    static func fee(_ fee: FeeRule, amount: Money?) -> LocalizedText {
        let value = amount.map(\.description) ?? "?"
        switch fee {
        case .depreciation(_, let rate, _, _):
            return LocalizedText("折旧费 每天\(rate.value)基点：\(value)", "Depreciation \(rate.value) bp/day: \(value)")
        case .toBeQuoted: return LocalizedText("费用待报价", "Fee to be quoted")
        case .giftValue: return LocalizedText("扣除未退赠品价值：\(value)", "Unreturned gift deducted: \(value)")
        case .provenReturnFreight: return LocalizedText("扣除有凭证的退货运费：\(value)", "Proven return freight deducted: \(value)")
        }
    }

    static func payer(_ p: ShippingPayer) -> LocalizedText {
        switch p {
        case .seller: LocalizedText("商家", "seller")
        case .customer: LocalizedText("顾客", "customer")
        case .manufacturer: LocalizedText("厂家", "manufacturer")
        case .shippingInsurance: LocalizedText("运费险（不足由店铺补）", "shipping insurance (shop tops up)")
        case .notApplicable: LocalizedText("无", "n/a")
        }
    }

    static func shipping(_ s: ShippingResponsibility) -> LocalizedText {
        let out = payer(s.outboundLeg)
        let back = payer(s.returnLeg)
        return LocalizedText("运费：发货由\(out.zh)承担，退回由\(back.zh)承担", "Shipping: outbound \(out.en), return \(back.en)")
    }

    static func timer(_ t: TimerRule) -> LocalizedText {
        LocalizedText(
            "计时 \(t.name)：\(t.trigger.rawValue) 后 \(t.duration.value) \(t.duration.unit.rawValue)，到期 \(t.onExpiry.rawValue)",
            "Timer \(t.name): \(t.duration.value) \(t.duration.unit.rawValue) after \(t.trigger.rawValue), then \(t.onExpiry.rawValue)"
        )
    }
}
