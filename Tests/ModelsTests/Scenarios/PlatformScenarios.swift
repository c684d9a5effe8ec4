import Models

enum PlatformScenarios {
    static let pdd = PolicyPresets.pinduoduo()
    static let tb = PolicyPresets.taobao()

    static let pinduoduo: [Scenario] = {
        let shipped = facts("fruit_box", groupBuy: "2026-01-20", shipment: "2026-01-21", .shipped)
        return [
            s(
                "refund-only last day in (15 days across the month end)",
                pdd,
                shipped,
                on: "2026-02-04",
                e(
                    .refundOnly,
                    .eligible,
                    deadline: "2026-02-04",
                    refund: 10000,
                    cites: "PDD-02",
                    "PDD-05",
                    "T-06",
                    "PDD-06",
                    "T-01",
                    "PDD-07",
                    "PDD-08",
                    "T-03",
                    "PDD-09",
                    "PDD-10"
                ),
                e(
                    .returnAndRefund,
                    .eligible,
                    deadline: "2026-02-05",
                    cites: "PDD-03",
                    "PDD-11",
                    "PDD-12",
                    "T-02",
                    "PDD-13",
                    "PDD-14",
                    "PDD-15",
                    "T-04",
                    "PDD-16",
                    "T-05"
                ),
                e(.exchange, .notEligible, cites: "PDD-01")
            ),
            s(
                "refund-only first day out",
                pdd,
                shipped,
                on: "2026-02-05",
                e(.refundOnly, .notEligible, cites: "PDD-05", "B-27"),
                e(.returnAndRefund, .eligible, deadline: "2026-02-05")
            ),
            s(
                "special goods: return-and-refund refused",
                pdd,
                facts("fruit_box", groupBuy: "2026-01-20", shipment: "2026-01-21", .shipped, .specialGoods),
                on: "2026-01-25",
                e(.returnAndRefund, .notEligible, cites: "PDD-03", "B-26"),
                e(.refundOnly, .eligible)
            ),
            s(
                "unshipped within promised ship time: platform reviews",
                pdd,
                facts("fruit_box", groupBuy: "2026-01-20", shipBy: "2026-01-22"),
                on: "2026-01-22",
                e(.refundOnly, .eligible, handler: .platform, cites: "PDD-04", "T-07"),
                e(.returnAndRefund, .notEligible, cites: "B-26")
            ),
        ]
    }()

    static let taobao: [Scenario] = [
        s(
            "TB-01 三包 day 7 after signing (3/6–3/12)",
            tb,
            facts("tv", yuan: 3000, signed: "2026-03-05", .threeGuaranteesGoods, .functionalFault),
            on: "2026-03-12",
            e(.returnAndRefund, .eligible, deadline: "2026-03-12", refund: 300000, ship: (.seller, .seller), cites: "TB-01", "T-44", "TB-06")
        ),
        s(
            "TB-01 day 8 is out",
            tb,
            facts("tv", yuan: 3000, signed: "2026-03-05", .threeGuaranteesGoods, .functionalFault),
            on: "2026-03-13",
            e(.returnAndRefund, .notEligible, cites: "TB-01", "T-44")
        ),
        s(
            "TB-07 proven mismatch after day 7, merchant pays both legs",
            tb,
            facts("skirt", signed: "2026-03-01", .descriptionMismatch),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, ship: (.seller, .seller), cites: "TB-07", "TB-16")
        ),
        s(
            "TB-11 used jeans with a quality problem",
            tb,
            facts("jeans", .qualityIssue, .notResaleable),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, ship: (.seller, .seller), cites: "TB-11", "B-05")
        ),
        s(
            "B-05 used without a quality problem",
            tb,
            facts("jeans", .responsibilityUnclear, .notResaleable),
            on: "2026-03-09",
            e(.returnAndRefund, .notEligible, cites: "B-05")
        ),
        s(
            "TB-06 unreturned gift deducted (2000 − 300)",
            tb,
            facts("jacket", yuan: 2000, gift: 300, .descriptionMismatch, .giftNotReturned),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, refund: 170_000, deduction: 30_000, cites: "TB-06")
        ),
        s(
            "TB-02 near-expiry food not disclosed",
            tb,
            facts("chocolate", .nearExpiryItem),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, cites: "TB-02", "TB-09")
        ),
        s(
            "TB-02 disclosed prominently: no return",
            tb,
            facts("chocolate", .nearExpiryItem, .prominentDisclosure),
            on: "2026-03-09",
            e(.returnAndRefund, .notEligible, cites: "TB-09")
        ),
        s(
            "TB-03 unsuitable for return: refund only",
            tb,
            facts("mirror", .unsuitableForReturn),
            on: "2026-03-09",
            e(.refundOnly, .eligible, refund: 10000, cites: "TB-03")
        ),
        s(
            "TB-04 unauthorised freight collect refunded",
            tb,
            facts("shoes", collect: 18, .unauthorisedFreightCollect),
            on: "2026-03-09",
            e(.compensation, .eligible, refund: 1800, cites: "TB-04")
        ),
        s(
            "TB-08 courier wish only in the remark",
            tb,
            facts("shoes", .courierWishOnlyInBuyerRemark, .refusedDelivery),
            on: "2026-03-09",
            e(.compensation, .notEligible, cites: "TB-08")
        ),
        s(
            "TB-05 unclear responsibility: consumer pays return",
            tb,
            facts("shirt", .responsibilityUnclear),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, ship: (.seller, .customer), cites: "TB-05")
        ),
        s(
            "TB-10 drop-off without consent",
            tb,
            facts("vase", .unauthorisedDropOff, .transportDamage),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, cites: "TB-10")
        ),
        s(
            "TB-12 broken gift, parcel refused",
            tb,
            facts("soap_set", .refusedDelivery, .giftBrokenAtDelivery),
            on: "2026-03-09",
            e(.refundOnly, .eligible, refund: 10000, ship: (.seller, .seller), cites: "TB-12")
        ),
        s(
            "TB-13 shipped after the refund request",
            tb,
            facts("shirt", .shippedAfterRefundRequest),
            on: "2026-03-09",
            e(.returnAndRefund, .eligible, ship: (.seller, .seller), cites: "TB-13")
        ),
        s(
            "TB-14 refused free-shipping parcel, proven 12 yuan",
            tb,
            facts("shirt", freight: 12, .refusedDelivery, .freeShipping),
            on: "2026-03-09",
            e(.refundOnly, .eligible, refund: 8800, deduction: 1200, cites: "TB-14")
        ),
        s(
            "TB-14 no proven freight: full refund",
            tb,
            facts("shirt", .refusedDelivery, .freeShipping),
            on: "2026-03-09",
            e(.refundOnly, .eligible, refund: 10000, deduction: 0, cites: "TB-14")
        ),
        s(
            "TB-15 buyer unreachable",
            tb,
            facts("shirt", freight: 10, .buyerUnreachable),
            on: "2026-03-09",
            e(.refundOnly, .eligible, refund: 9000, cites: "TB-15")
        ),
    ]

    static let snackAndClothing: [Scenario] = {
        let sn = PolicyPresets.snackShop()
        let cs = PolicyPresets.clothingShop()
        return [
            s(
                "SN-02 wrong shipment detail: reship",
                sn,
                facts("snacks", .shipmentDetailWrong),
                on: "2026-03-09",
                e(.reshipment, .eligible, cites: "SN-02")
            ),
            s("SN-07 torn pack, much spilt", sn, facts("snacks", .tornPackMuchSpilt), on: "2026-03-09", e(.reshipment, .eligible, cites: "SN-07")),
            s(
                "SN-03 goodwill reship once",
                sn,
                facts("snacks", .transportDamage, .returningCustomer),
                on: "2026-03-09",
                e(.reshipment, .eligible, cites: "SN-03")
            ),
            s("SN-03 not for a new customer", sn, facts("snacks", .transportDamage), on: "2026-03-09", e(.reshipment, .notEligible, cites: "SN-03")),
            s(
                "SN-05 bloated bag 3+2 yuan",
                sn,
                facts("biscuits", .bloatedBag),
                on: "2026-03-09",
                e(.compensation, .eligible, refund: 500, cites: "SN-05")
            ),
            s(
                "SN-06 torn pack, little spilt",
                sn,
                facts("grain_powder", .tornPackLittleSpilt),
                on: "2026-03-09",
                e(.compensation, .eligible, refund: 700, cites: "SN-06")
            ),
            s(
                "SN-08 mould: full refund, insurance pays return",
                sn,
                facts("snacks", yuan: 59, .unacceptableDefect),
                on: "2026-03-09",
                e(.returnAndRefund, .eligible, refund: 5900, ship: (.seller, .shippingInsurance), cites: "SN-08")
            ),
            s(
                "SN-09 no-reason day 7",
                sn,
                facts("snacks", signed: "2026-03-02"),
                on: "2026-03-09",
                e(.returnAndRefund, .eligible, deadline: "2026-03-09", cites: "SN-09")
            ),
            s(
                "CS-02 unworn exchange, one leg each",
                cs,
                facts("dress"),
                on: "2026-03-09",
                e(.exchange, .eligible, ship: (.seller, .customer), cites: "CS-02", "CS-05")
            ),
            s("CS-02 worn: no exchange", cs, facts("dress", .notResaleable), on: "2026-03-09", e(.exchange, .notEligible, cites: "CS-02", "B-05")),
            s(
                "CS-05 wrong item: shop pays both ways",
                cs,
                facts("dress", .wrongItemSent),
                on: "2026-03-09",
                e(.returnAndRefund, .eligible, ship: (.seller, .seller), cites: "CS-05")
            ),
        ]
    }()
}
