import Models

enum MallScenarios {
    static let cm = PolicyPresets.computerMall()
    static func item(_ category: String, _ brand: String, model: String? = nil, sale: String = "2026-03-01", _ flags: FactFlag...) -> CaseFacts {
        var f = facts(category, brand: brand, model: model, yuan: 800, sale: sale, .hasWarrantyLabel)
        for flag in flags { f.set(flag) }
        return f
    }

    static let all: [Scenario] = [
        s(
            "CM-01 ASUS board, day 7",
            cm,
            item("motherboard", "ASUS"),
            on: "2026-03-08",
            e(.replaceNew, .eligible, deadline: "2026-03-08", cites: "CM-01", "T-23")
        ),
        s(
            "CM-01 ASUS board, day 8: repair",
            cm,
            item("motherboard", "ASUS"),
            on: "2026-03-09",
            e(.replaceNew, .notEligible, cites: "CM-01"),
            e(.repair, .eligible, cites: "CM-05"),
            e(.goodUnitSwap, .negotiable, cites: "CM-05")
        ),
        s(
            "CM-02 other board, 1 month from 01-31",
            cm,
            item("graphics_card", "MSI", sale: "2026-01-31"),
            on: "2026-02-28",
            e(.replaceNew, .eligible, deadline: "2026-02-28", cites: "CM-02")
        ),
        s(
            "CM-02 first day out",
            cm,
            item("graphics_card", "MSI", sale: "2026-01-31"),
            on: "2026-03-01",
            e(.replaceNew, .notEligible, cites: "CM-02")
        ),
        s(
            "CM-04 physical damage, CM-08 fee on repair",
            cm,
            item("motherboard", "MSI", .physicalDamage),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "CM-04", "B-01"),
            e(.repair, .eligible, quoted: true, cites: "CM-08")
        ),
        s(
            "CM-03 Onda barcode mismatch",
            cm,
            item("graphics_card", "昂达", .barcodeMismatch),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "CM-03", "B-14")
        ),
        s(
            "CM-07 installed without a quality problem",
            cm,
            item("motherboard", "MSI", .installationTrace),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "CM-07", "B-04")
        ),
        s(
            "CM-08 return with damaged packaging: fee",
            cm,
            item("motherboard", "MSI", .accessoriesComplete),
            on: "2026-03-08",
            e(.returnAndRefund, .eligible, quoted: true, cites: "CM-07", "CM-08", "B-03")
        ),
        s(
            "CM-06 no label: repair station",
            cm,
            facts("ram", brand: "Kingston", yuan: 300, sale: "2026-03-01", .noMerchantFound),
            on: "2026-05-01",
            e(.replaceNew, .notEligible, cites: "CM-06"),
            e(.factoryWarranty, .eligible, handler: .manufacturerRepairCentre, cites: "CM-06", "CM-10")
        ),
        s(
            "CM-09/CM-11 CPU bent pins: replace with fee",
            cm,
            item("cpu", "Intel", .physicalDamage),
            on: "2026-12-01",
            e(.replaceNew, .eligible, quoted: true, cites: "CM-09", "CM-11")
        ),
        s(
            "CM-12 hard disk within 1 year",
            cm,
            item("hard_disk", "Seagate", sale: "2025-03-01"),
            on: "2026-03-01",
            e(.replaceNew, .eligible, deadline: "2026-03-01", cites: "CM-12")
        ),
        s(
            "CM-13 hard disk after 1 year: factory warranty",
            cm,
            item("hard_disk", "Seagate", sale: "2025-03-01"),
            on: "2026-03-02",
            e(.replaceNew, .notEligible),
            e(.factoryWarranty, .eligible, cites: "CM-13")
        ),
        s(
            "CM-14 damaged hard disk: trial warranty only",
            cm,
            item("hard_disk", "Seagate", sale: "2025-01-01", .physicalDamage),
            on: "2026-03-02",
            e(.factoryWarranty, .eligible, cites: "CM-14", "B-01")
        ),
        s(
            "CM-15 Samsung monitor 7 days",
            cm,
            item("monitor", "Samsung"),
            on: "2026-03-08",
            e(.replaceNew, .eligible, deadline: "2026-03-08", cites: "CM-15")
        ),
        s(
            "CM-17 other monitor 1 month",
            cm,
            item("monitor", "AOC"),
            on: "2026-03-20",
            e(.replaceNew, .eligible, deadline: "2026-04-01", cites: "CM-17")
        ),
        s(
            "CM-16 新境界 repair only",
            cm,
            item("monitor", "易海通达", model: "新境界"),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "CM-16", "B-15"),
            e(.repair, .eligible, cites: "CM-17")
        ),
        s(
            "CM-18 scratched monitor return",
            cm,
            item("monitor", "AOC", .physicalDamage, .accessoriesComplete, .packagingIntact),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "CM-18", "B-01")
        ),
        s(
            "CM-18 incomplete monitor return: fee",
            cm,
            item("monitor", "AOC", .packagingIntact),
            on: "2026-03-03",
            e(.returnAndRefund, .eligible, quoted: true, cites: "CM-18", "B-03")
        ),
        s(
            "CM-19 dead on arrival PC",
            cm,
            item("complete_pc", "Lenovo", .deadOnArrival, .accessoriesComplete, .packagingIntact),
            on: "2026-03-03",
            e(.replaceNew, .eligible, cites: "CM-19", "CM-26", "T-39")
        ),
        s(
            "CM-19 PC with a repair record",
            cm,
            item("complete_pc", "Lenovo", .deadOnArrival, .accessoriesComplete, .packagingIntact, .hasRepairRecord),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "B-16")
        ),
        s(
            "CM-19 PC with human damage",
            cm,
            item("complete_pc", "Lenovo", .deadOnArrival, .accessoriesComplete, .packagingIntact, .humanDamage),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "B-02"),
            e(.repair, .eligible, quoted: true, handler: .manufacturerRepairCentre, cites: "CM-20", "CM-23", "B-02")
        ),
        s(
            "CM-22 PC powered on, no fault",
            cm,
            item("complete_pc", "Lenovo", .installationTrace, .accessoriesComplete, .packagingIntact),
            on: "2026-03-03",
            e(.returnAndRefund, .notEligible, cites: "CM-22", "B-04")
        ),
        s(
            "CM-23 PC return, damaged box: fee",
            cm,
            item("complete_pc", "Lenovo", .accessoriesComplete),
            on: "2026-03-03",
            e(.returnAndRefund, .eligible, quoted: true, cites: "CM-22", "CM-23", "B-03")
        ),
        s(
            "CM-21 consumable",
            cm,
            item("consumable", "HP"),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "CM-21", "B-17"),
            e(.repair, .notEligible, cites: "CM-21")
        ),
        s(
            "CM-24 USB drive, physical damage",
            cm,
            item("usb_drive", "SanDisk", .physicalDamage),
            on: "2026-03-03",
            e(.replaceNew, .notEligible, cites: "CM-24", "B-01")
        ),
        s("CM-24 USB drive in warranty", cm, item("usb_drive", "SanDisk"), on: "2026-12-03", e(.replaceNew, .eligible, cites: "CM-24")),
        s(
            "CM-25 mouse in warranty",
            cm,
            item("mouse", "Logitech"),
            on: "2027-03-01",
            e(.replaceNew, .eligible, deadline: "2027-03-01", cites: "CM-25", "B-09")
        ),
    ]
}
