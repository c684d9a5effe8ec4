import Models

enum ThreeGuaranteesScenarios {
    static let ds = PolicyPresets.departmentStore()
    static let fn = PolicyPresets.furniture()

    static func item(_ category: String, yuan: Int64 = 300, sale: String = "2026-03-10", repairs: Int = 0, _ flags: FactFlag...) -> CaseFacts {
        var f = facts(category, yuan: yuan, sale: sale, repairs: repairs, .hasThreeGuaranteesCard, .hasInvoice)
        for flag in flags { f.set(flag) }
        return f
    }

    static func glue(_ f: CaseFacts, _ millimetres: Int) -> CaseFacts {
        var f = f
        f.measurements[.glueGapMillimetres] = millimetres
        return f
    }

    static let departmentStore: [Scenario] = [
        s(
            "DS-06/DS-07 broken sole after 10 days",
            ds,
            item("shoes_leather", .soleBroken),
            on: "2026-03-20",
            e(.exchange, .eligible, deadline: "2026-06-10", deduction: 900, cites: "DS-04", "DS-02", "T-13", "DS-06", "T-18"),
            e(.returnAndRefund, .eligible, refund: 28_500, deduction: 1_500, cites: "DS-07")
        ),
        s(
            "DS-02 leather shoes, 3 months from 01-31 ends 04-30",
            ds,
            item("shoes_leather", sale: "2026-01-31", .upperBroken),
            on: "2026-04-30",
            e(.exchange, .eligible, deadline: "2026-04-30")
        ),
        s(
            "DS-02 first day out",
            ds,
            item("shoes_leather", sale: "2026-01-31", .upperBroken, .qualityIssue),
            on: "2026-05-01",
            e(.exchange, .notEligible, cites: "DS-02", "B-09")
        ),
        s(
            "DS-02 cloth shoes: 1 month",
            ds,
            glue(item("shoes_cloth", sale: "2026-03-10", .qualityIssue), 60),
            on: "2026-04-11",
            e(.exchange, .notEligible, cites: "DS-02")
        ),
        s(
            "DS-04 E: >210 yuan, quality, day 3",
            ds,
            item("shoes_sport", yuan: 250, .qualityIssue),
            on: "2026-03-13",
            e(.exchange, .eligible, cites: "DS-04", "T-16")
        ),
        s("DS-04 E: day 4 is out", ds, item("shoes_sport", yuan: 250, .qualityIssue), on: "2026-03-14", e(.exchange, .notEligible, cites: "T-16")),
        s("DS-04 E: exactly 210 yuan is not above", ds, item("shoes_sport", yuan: 210, .qualityIssue), on: "2026-03-12", e(.exchange, .notEligible)),
        s(
            "DS-04 D: second repair of the same problem",
            ds,
            item("shoes_sport", repairs: 1, .qualityIssue),
            on: "2026-04-01",
            e(.exchange, .eligible, cites: "DS-04")
        ),
        s(
            "DS-05 same-foot pair: no depreciation",
            ds,
            item("shoes_leather", .sameFootPair),
            on: "2026-03-20",
            e(.exchange, .eligible, deduction: 0, cites: "DS-05"),
            e(.returnAndRefund, .eligible, refund: 30_000, cites: "DS-05")
        ),
        s(
            "DS-08 counterfeit: double refund",
            ds,
            item("shoes_leather", .counterfeit),
            on: "2026-03-20",
            e(.returnAndRefund, .eligible, refund: 60_000, cites: "DS-08")
        ),
        s("DS-03 repair case", ds, item("shoes_leather", .repairableDefect), on: "2026-03-20", e(.repair, .eligible, cites: "DS-03", "T-15")),
        s(
            "DS-13 clothing change of mind, day 3",
            ds,
            item("clothing"),
            on: "2026-03-13",
            e(.exchange, .eligible, deadline: "2026-03-13", cites: "DS-13", "T-17")
        ),
        s("DS-14 day 4: negotiate", ds, item("clothing"), on: "2026-03-14", e(.exchange, .negotiable, cites: "DS-14", "B-25")),
        s(
            "DS-13 out-of-town, day 10",
            ds,
            item("clothing_jacket", .outOfTown, .noSameModelAvailable),
            on: "2026-03-20",
            e(.exchange, .eligible, deadline: "2026-03-20"),
            e(.returnAndRefund, .eligible, refund: 30_000, cites: "DS-13")
        ),
        s(
            "DS-09/DS-10 suit repaired once, same problem again",
            ds,
            item("clothing_suit", repairs: 1, .repairableDefect, .qualityIssue),
            on: "2026-05-01",
            e(.exchange, .eligible, cites: "DS-10", "DS-09", "T-14"),
            e(.repair, .eligible, cites: "DS-10")
        ),
        s(
            "DS-11 fur stitching repair",
            ds,
            item("clothing_fur", .repairableDefect, .qualityIssue),
            on: "2026-05-01",
            e(.repair, .eligible, cites: "DS-11")
        ),
        s(
            "DS-12 fur hair loss: exchange at 0.3 %/day",
            ds,
            item("clothing_fur", yuan: 1000, .seriousDefect, .qualityIssue),
            on: "2026-03-30",
            e(.exchange, .eligible, deduction: 6_000, cites: "DS-12")
        ),
        s(
            "DS-01 no 三包 card",
            ds,
            facts("shoes_leather", sale: "2026-03-10", .hasInvoice, .soleBroken),
            on: "2026-03-20",
            e(.exchange, .notEligible, cites: "DS-01", "DS-15", "B-06")
        ),
        s(
            "B-02 human damage",
            ds,
            item("shoes_leather", .soleBroken, .humanDamage),
            on: "2026-03-20",
            e(.exchange, .notEligible, cites: "DS-16", "B-02")
        ),
        s(
            "B-08 voucher mismatch",
            ds,
            item("shoes_leather", .soleBroken, .voucherMismatch),
            on: "2026-03-20",
            e(.exchange, .notEligible, cites: "B-08")
        ),
        s(
            "B-10 clearance goods",
            ds,
            item("shoes_leather", .soleBroken, .clearanceItem),
            on: "2026-03-20",
            e(.returnAndRefund, .notEligible, cites: "B-10")
        ),
        s("B-05 washed out of shape", ds, item("clothing", .notResaleable), on: "2026-03-11", e(.exchange, .notEligible, cites: "B-05")),
        s("B-11 photosensitive", ds, item("clothing", .photosensitive), on: "2026-03-11", e(.exchange, .notEligible, cites: "B-11")),
        s("B-12 underwear", ds, item("clothing", .intimateGoods), on: "2026-03-11", e(.exchange, .notEligible, cites: "B-12")),
        s("B-13 cosmetics", ds, item("clothing", .cosmetics), on: "2026-03-11", e(.returnAndRefund, .notEligible, cites: "B-13")),
    ]

    static func sofa(
        _ flags: FactFlag...,
        delivery: String = "2026-03-01",
        repairs: Int = 0,
        paused: Int = 0,
        repairSubmitted: String? = nil
    ) -> CaseFacts {
        var f = facts(
            "sofa",
            yuan: 6000,
            delivery: delivery,
            repairSubmitted: repairSubmitted,
            repairs: repairs,
            paused: paused,
            .hasInvoice,
            .hasThreeGuaranteesCard
        )
        for flag in flags { f.set(flag) }
        return f
    }

    static let furniture: [Scenario] = [
        s(
            "FN-03 day 30: return, full refund",
            fn,
            sofa(.seriousDefect, .nonSeparableSet),
            on: "2026-03-31",
            e(
                .returnAndRefund,
                .eligible,
                deadline: "2026-03-31",
                refund: 600_000,
                ship: (.seller, .seller),
                cites: "FN-03",
                "FN-01",
                "T-19",
                "FN-08",
                "FN-11"
            )
        ),
        s(
            "FN-04 day 31: exchange or repair",
            fn,
            sofa(.seriousDefect, .separableSet),
            on: "2026-04-01",
            e(.returnAndRefund, .notEligible, cites: "FN-03", "B-09"),
            e(.exchange, .eligible, deadline: "2026-04-30", cites: "FN-04", "FN-09", "B-30", "FN-10"),
            e(.repair, .eligible, deadline: "2026-04-30", cites: "FN-04")
        ),
        s(
            "FN-01 paused 5 days while waiting for parts",
            fn,
            sofa(.seriousDefect, paused: 5),
            on: "2026-04-01",
            e(.returnAndRefund, .eligible, deadline: "2026-04-05", cites: "FN-01")
        ),
        s("FN-05 repaired twice", fn, sofa(.seriousDefect, repairs: 2), on: "2026-08-01", e(.exchange, .eligible, cites: "FN-05")),
        s(
            "FN-06 repair not done after 30 days",
            fn,
            sofa(repairSubmitted: "2026-05-01"),
            on: "2026-06-01",
            e(.exchange, .eligible, cites: "FN-06", "T-20")
        ),
        s(
            "FN-06 day 30 of the repair is not yet late",
            fn,
            sofa(repairSubmitted: "2026-05-01"),
            on: "2026-05-31",
            e(.exchange, .notEligible, cites: "FN-06")
        ),
        s(
            "FN-07 no same model: return without charge",
            fn,
            sofa(.seriousDefect, .noSameModelAvailable),
            on: "2026-04-15",
            e(.returnAndRefund, .eligible, refund: 600_000, cites: "FN-07")
        ),
        s(
            "FN-02 no 三包 voucher",
            fn,
            facts("sofa", delivery: "2026-03-01", .hasInvoice, .seriousDefect),
            on: "2026-03-05",
            e(.returnAndRefund, .notEligible, cites: "FN-02", "B-07")
        ),
        s("FN-06 repair timer travels with the case", fn, sofa(.seriousDefect), on: "2026-03-05", e(.repair, .eligible, cites: "FN-06", "T-20")),
    ]
}
