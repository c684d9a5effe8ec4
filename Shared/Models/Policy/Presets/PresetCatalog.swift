/// The presets encoding each rule family of rules.md §3, with their default settings.
public enum PolicyPresets {
    /// Every preset with default options, in rules.md order.
    public static var all: [PolicyDocument] {
        [
            pinduoduo(), taobao(), leatherGoods(), computerMall(), departmentStore(), furniture(), laptopShop(), smartHome(), snackShop(),
            clothingShop(),
        ]
    }

    public static func preset(_ family: RuleFamily) -> PolicyDocument {
        switch family {
        case .pinduoduoPlatform: pinduoduo()
        case .taobaoDisputes: taobao()
        case .leatherGoods: leatherGoods()
        case .computerMall: computerMall()
        case .departmentStore: departmentStore()
        case .furniture: furniture()
        case .laptopShop: laptopShop()
        case .smartHome: smartHome()
        case .snackShop: snackShop()
        case .clothingShop: clothingShop()
        }
    }
}

// Shorthands for readable presets.
extension Condition {
    static func f(_ flag: FactFlag) -> Condition { .flag(flag) }
    static var complete: Condition { .allOf([.flag(.accessoriesComplete), .flag(.packagingIntact)]) }
}

extension Requirement {
    static func has(_ flag: FactFlag, _ ids: [String] = []) -> Requirement { Requirement(.flag(flag), ids) }
    static func lacks(_ flag: FactFlag, _ ids: [String] = []) -> Requirement { Requirement(.not(.flag(flag)), ids) }
}

extension RuleFamily {
    /// The section of rules.md the family's preset encodes.
    public var rulesSection: String {
        switch self {
        case .pinduoduoPlatform: "rules.md §3.1"
        case .taobaoDisputes: "rules.md §3.2"
        case .leatherGoods: "rules.md §3.3"
        case .computerMall: "rules.md §3.4"
        case .departmentStore: "rules.md §3.5"
        case .furniture: "rules.md §3.6"
        case .laptopShop: "rules.md §3.7"
        case .smartHome: "rules.md §3.8"
        case .snackShop: "rules.md §3.10"
        case .clothingShop: "rules.md §3.11"
        }
    }

    /// What the rule family covers, for a tenant choosing a preset.
    public var summary: LocalizedText {
        switch self {
        case .pinduoduoPlatform:
            LocalizedText(
                "拼多多式平台规则：仅退款与退货退款、48小时商家响应、售后有效期",
                "Pinduoduo-style platform: refund-only and return-and-refund, 48 h merchant response, after-sales validity"
            )
        case .taobaoDisputes:
            LocalizedText("淘宝式争议规则：三包7天包退、七天无理由、赠品、运费责任", "Taobao-style disputes: 三包 7-day return, 七天无理由, gifts, freight responsibility")
        case .leatherGoods:
            LocalizedText(
                "皮具网店：7个工作日退货、1个月质量保障、48小时拍照与寄回",
                "Leather-goods shop: 7 working days to return, 1-month quality guarantee, 48 h photos and shipping"
            )
        case .computerMall:
            LocalizedText("电脑商城：按品类与品牌的换新期、退货、收费与返厂", "Computer mall: replacement periods by category and brand, returns, fees, factory warranty")
        case .departmentStore:
            LocalizedText("商场鞋服三包：包修、包换、包退与折旧费", "Department-store 三包 for shoes and clothing: repair, exchange, return and depreciation")
        case .furniture: LocalizedText("家具三包：30/60天退换、维修与整套规则", "Furniture 三包: 30/60-day returns and exchanges, repairs, sets")
        case .laptopShop: LocalizedText("笔记本电脑：7天退货、15天换货、1年保修", "Laptop shop: 7-day return, 15-day exchange, 1-year warranty")
        case .smartHome: LocalizedText("智能家居：退换、保修与厂家维修", "Smart home: returns, exchanges, warranty and manufacturer repair")
        case .snackShop: LocalizedText("零食店：问题包裹补偿与七天无理由", "Snack shop: problem-parcel compensation and 7-day no-reason returns")
        case .clothingShop: LocalizedText("服装店：错发、瑕疵与换货运费", "Clothing shop: wrong items, flaws and exchange freight")
        }
    }
}
