import Models

enum ShopScenarios {
    static let lg = PolicyPresets.leatherGoods()
    static let lt = PolicyPresets.laptopShop()
    static let sh = PolicyPresets.smartHome()

    static let leather: [Scenario] = [
        // Signed Tue 2026-09-29: working days 9-30, (10-01…07 holiday), 10-08, 10-09, Sat 10-10 (make-up), 10-12, 10-13, 10-14.
        s(
            "LG-04 7th working day across National Day and a make-up Saturday",
            lg,
            facts("handbag", signed: "2026-09-29", .accessoriesComplete, .packagingIntact),
            on: "2026-10-14",
            e(
                .returnAndRefund,
                .eligible,
                deadline: "2026-10-14",
                ship: (.customer, .customer),
                cites: "LG-04",
                "LG-08",
                "T-08",
                "LG-09",
                "T-11",
                "B-19"
            ),
            e(.exchange, .eligible, deadline: "2026-10-14", cites: "LG-07")
        ),
        s(
            "LG-04 first working day out: negotiate",
            lg,
            facts("handbag", signed: "2026-09-29", .accessoriesComplete, .packagingIntact),
            on: "2026-10-15",
            e(.returnAndRefund, .negotiable, cites: "LG-19", "B-25")
        ),
        s(
            "LG-08 used item not returnable",
            lg,
            facts("handbag", signed: "2026-03-02", .accessoriesComplete, .packagingIntact, .notResaleable),
            on: "2026-03-04",
            e(.returnAndRefund, .notEligible, cites: "LG-08", "B-05")
        ),
        s(
            "LG-16 quality, 1 month from 01-31 ends 02-28",
            lg,
            facts("handbag", signed: "2026-01-31", .qualityIssue, .accessoriesComplete, .packagingIntact),
            on: "2026-02-28",
            e(.returnAndRefund, .eligible, deadline: "2026-02-28", ship: (.seller, .seller), cites: "LG-16", "LG-05", "T-12", "LG-06", "T-09")
        ),
        s(
            "LG-17 quality after 1 month: paid repair",
            lg,
            facts("handbag", signed: "2026-01-31", .qualityIssue, .accessoriesComplete, .packagingIntact),
            on: "2026-03-01",
            e(.returnAndRefund, .notEligible, cites: "LG-16"),
            e(.repair, .eligible, quoted: true, ship: (.customer, .customer), cites: "LG-17", "LG-23", "LG-21", "B-07")
        ),
        s(
            "LG-02 discrepancy found after signing",
            lg,
            facts("handbag", signed: "2026-03-02", .accessoriesComplete, .packagingIntact, .acceptedAtDelivery),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "LG-02", "B-18")
        ),
        s(
            "LG-14 one return per order",
            lg,
            facts("handbag", signed: "2026-03-02", .accessoriesComplete, .packagingIntact, .orderAlreadyReturned),
            on: "2026-03-03",
            e(.exchange, .notEligible, cites: "LG-14", "B-21")
        ),
        s(
            "LG-12 incomplete package",
            lg,
            facts("handbag", signed: "2026-03-02", .accessoriesComplete),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "LG-12", "B-03")
        ),
        s("LG-03 refused at delivery", lg, facts("handbag", .refusedDelivery), on: "2026-03-03", e(.refundOnly, .eligible, cites: "LG-03", "T-10")),
        s(
            "LG-07 dearer replacement: customer pays the difference",
            lg,
            facts("handbag", yuan: 500, signed: "2026-03-02", replacement: 650, .qualityIssue, .accessoriesComplete, .packagingIntact),
            on: "2026-03-04",
            e(.exchange, .eligible, cites: "LG-07")
        ),
    ]

    static let laptop: [Scenario] = {
        let intact: [FactFlag] = [.functionalFault, .accessoriesComplete, .packagingIntact, .hasInvoice, .hasWarrantyCard]
        func lap(_ extra: FactFlag...) -> CaseFacts {
            var f = facts("laptop", brand: "Lenovo", yuan: 5000, sale: "2026-03-01")
            for flag in intact + extra { f.set(flag) }
            return f
        }
        var noFault = lap()
        noFault.set(.functionalFault, false)
        return [
            s(
                "LT-05 return on day 7",
                lt,
                lap(),
                on: "2026-03-08",
                e(.returnAndRefund, .eligible, deadline: "2026-03-08", refund: 500_000, cites: "LT-05", "LT-04", "T-21", "LT-07", "T-22")
            ),
            s(
                "LT-06 day 8: exchange only, until day 15",
                lt,
                lap(),
                on: "2026-03-09",
                e(.returnAndRefund, .notEligible, cites: "LT-05"),
                e(.exchange, .eligible, deadline: "2026-03-16", cites: "LT-06")
            ),
            s("LT-01/LT-08 no functional fault", lt, noFault, on: "2026-03-02", e(.returnAndRefund, .notEligible, cites: "LT-01", "LT-08", "B-22")),
            s(
                "LT-03 card filled within 15 days",
                lt,
                lap(.warrantyCardActivated),
                on: "2026-03-05",
                e(.exchange, .notEligible, cites: "LT-03", "B-23")
            ),
            s(
                "LT-02 appearance confirmed at the counter",
                lt,
                lap(.acceptedAtDelivery),
                on: "2026-03-05",
                e(.returnAndRefund, .notEligible, cites: "LT-02", "B-18")
            ),
            s("B-23 scratched", lt, lap(.physicalDamage), on: "2026-03-05", e(.returnAndRefund, .notEligible, cites: "B-23")),
            s(
                "LT-09 三包 repair via the repair centre",
                lt,
                lap(),
                on: "2027-03-01",
                e(.repair, .eligible, deadline: "2027-03-01", handler: .manufacturerRepairCentre, cites: "LT-09", "LT-11", "LT-14", "LT-13")
            ),
            s("LT-09 first day after the year", lt, lap(), on: "2027-03-02", e(.repair, .notEligible, cites: "LT-09", "B-09")),
            s(
                "LT-12 free software upkeep",
                lt,
                facts("laptop", sale: "2026-03-01", .softwareIssue),
                on: "2026-09-01",
                e(.repair, .eligible, cites: "LT-12")
            ),
            s(
                "B-29 software modified",
                lt,
                facts("laptop", sale: "2026-03-01", .softwareIssue, .softwareModified),
                on: "2026-09-01",
                e(.repair, .notEligible, cites: "B-29")
            ),
            s("B-24 liquid damage", lt, lap(.excludedDamage), on: "2026-03-05", e(.repair, .notEligible, cites: "B-24")),
            s(
                "LT-10 caused by the repair centre",
                lt,
                lap(.causedByRepairCentre),
                on: "2026-09-01",
                e(.exchange, .eligible, handler: .manufacturerRepairCentre, cites: "LT-10")
            ),
            s(
                "B-07 no warranty card",
                lt,
                facts("laptop", sale: "2026-03-01", .functionalFault, .hasInvoice),
                on: "2026-06-01",
                e(.repair, .notEligible, cites: "B-07")
            ),
        ]
    }()

    static let smartHome: [Scenario] = [
        s(
            "SH-17 in-warranty functional fault",
            sh,
            facts("smart_lock", sale: "2026-03-01", .functionalFault, .packagingIntact, .hasInvoice),
            on: "2026-06-01",
            e(.returnAndRefund, .eligible, ship: (.manufacturer, .manufacturer), cites: "SH-17", "SH-19", "SH-20")
        ),
        s(
            "B-02 user-caused fault",
            sh,
            facts("smart_lock", sale: "2026-03-01", .functionalFault, .humanDamage, .packagingIntact, .hasInvoice),
            on: "2026-03-05",
            e(.exchange, .notEligible, cites: "B-02")
        ),
        s(
            "SH-17 personal reasons, last day of 7",
            sh,
            facts("smart_lock", sale: "2026-03-01", .packagingIntact, .hasInvoice),
            on: "2026-03-08",
            e(.returnAndRefund, .eligible, deadline: "2026-03-08", ship: (.customer, .customer), cites: "SH-17", "SH-20")
        ),
        s(
            "SH-19 personal reasons, day 8",
            sh,
            facts("smart_lock", sale: "2026-03-01", .packagingIntact, .hasInvoice),
            on: "2026-03-09",
            e(.returnAndRefund, .notEligible, cites: "SH-19", "B-09")
        ),
        s(
            "SH-18 packaging missing",
            sh,
            facts("smart_lock", sale: "2026-03-01", .transportDamage, .hasInvoice),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "SH-18", "B-03")
        ),
        s(
            "SH-18 no proof of purchase",
            sh,
            facts("smart_lock", sale: "2026-03-01", .transportDamage, .packagingIntact),
            on: "2026-03-03",
            e(.exchange, .notEligible, cites: "SH-18", "B-07")
        ),
        s(
            "SH-13 free repair in warranty",
            sh,
            facts("smart_lock", sale: "2026-03-01"),
            on: "2026-12-01",
            e(.repair, .eligible, quoted: false, cites: "SH-13")
        ),
        s(
            "SH-13 paid repair after warranty",
            sh,
            facts("smart_lock", sale: "2025-01-01"),
            on: "2026-12-01",
            e(.repair, .eligible, quoted: true, cites: "SH-13")
        ),
        s(
            "SH-12 post-repair warranty",
            sh,
            facts("smart_lock", sale: "2025-01-01", lastRepair: "2026-11-01"),
            on: "2026-12-01",
            e(.repair, .eligible, deadline: "2027-02-01", quoted: false, cites: "SH-12")
        ),
    ]
}
