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
