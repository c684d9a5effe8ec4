/// A yes/no fact about a case, named with rules.md §6 glossary identifiers where one exists.
/// Facts list the flags that hold; a flag that is absent is false.
public enum FactFlag: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    // Order and shipment
    case shipped
    case specialGoods = "special_goods"
    case clearanceItem = "clearance_item"
    case outOfTown = "out_of_town"
    case freeShipping = "free_shipping"
    case refusedDelivery = "refused_delivery"
    case acceptedAtDelivery = "accepted_at_delivery"
    case orderAlreadyReturned = "order_already_returned"
    // Package and documents
    case accessoriesComplete = "accessories_complete"
    case packagingIntact = "packaging_intact"
    case hasInvoice = "has_invoice"
    case hasThreeGuaranteesCard = "has_three_guarantees_card"
    case hasWarrantyLabel = "has_warranty_label"
    case hasWarrantyCard = "has_warranty_card"
    case voucherMismatch = "voucher_mismatch"
    case noMerchantFound = "no_merchant_found"
    // Condition and usage
    case humanDamage = "human_damage"
    case physicalDamage = "physical_damage"
    case notResaleable = "not_resaleable"
    case installationTrace = "installation_trace"
    case hasRepairRecord = "has_repair_record"
    case warrantyCardActivated = "warranty_card_activated"
    case excludedDamage = "excluded_damage"
    case softwareModified = "software_modified"
    case barcodeMismatch = "barcode_mismatch"
    // Defects and reasons
    case qualityIssue = "quality_issue"
    case seriousDefect = "serious_defect"
    case functionalFault = "functional_fault"
    case softwareIssue = "software_issue"
    case descriptionMismatch = "description_mismatch"
    case wrongItemSent = "wrong_item_sent"
    case transportDamage = "transport_damage"
    case deadOnArrival = "dead_on_arrival"
    case minorDefect = "minor_defect"
    case counterfeit, consumable
    case causedByRepairCentre = "caused_by_repair_centre"
    // Department store 三包 (DS-03/DS-04 cases) and exclusions (rules.md §4)
    case repairableDefect = "repairable_defect"
    case soleBroken = "sole_broken"
    case upperBroken = "upper_broken"
    case pairSizeMismatch = "pair_size_mismatch"
    case sameFootPair = "same_foot_pair"
    case noManufacturerInfo = "no_manufacturer_info"
    case photosensitive
    case intimateGoods = "intimate_goods"
    case cosmetics
    case spoiledConfirmedByAppraisal = "spoiled_confirmed_by_appraisal"
    case noSameModelAvailable = "no_same_model_available"
    // Furniture sets
    case separableSet = "separable_set"
    case nonSeparableSet = "non_separable_set"
    // Taobao disputes
    case threeGuaranteesGoods = "three_guarantees_goods"
    case nearExpiryItem = "near_expiry_item"
    case prominentDisclosure = "prominent_disclosure"
    case unsuitableForReturn = "unsuitable_for_return"
    case unauthorisedFreightCollect = "unauthorised_freight_collect"
    case courierWishOnlyInBuyerRemark = "courier_wish_only_in_buyer_remark"
    case unauthorisedDropOff = "unauthorised_drop_off"
    case responsibilityUnclear = "responsibility_unclear"
    case giftNotReturned = "gift_not_returned"
    case giftBrokenAtDelivery = "gift_broken_at_delivery"
    case shippedAfterRefundRequest = "shipped_after_refund_request"
    case buyerUnreachable = "buyer_unreachable"
    // Snack shop problem parcels
    case shipmentDetailWrong = "shipment_detail_wrong"
    case parcelWeightWrong = "parcel_weight_wrong"
    case returningCustomer = "returning_customer"
    case bloatedBag = "bloated_bag"
    case tornPackLittleSpilt = "torn_pack_little_spilt"
    case tornPackMuchSpilt = "torn_pack_much_spilt"
    case unacceptableDefect = "unacceptable_defect"

    public static func < (lhs: FactFlag, rhs: FactFlag) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Short Chinese and English labels for reasons.
    public var label: LocalizedText {
        switch self {
        case .shipped: LocalizedText("已发货", "shipped")
        case .specialGoods: LocalizedText("特殊商品", "special goods")
        case .clearanceItem: LocalizedText("处理品", "clearance goods")
        case .outOfTown: LocalizedText("外阜顾客", "out-of-town customer")
        case .freeShipping: LocalizedText("包邮", "free shipping")
        case .refusedDelivery: LocalizedText("拒签", "delivery refused")
        case .acceptedAtDelivery: LocalizedText("签收后才发现的货单不符", "discrepancy found after signing")
        case .orderAlreadyReturned: LocalizedText("该订单已退换过", "order already returned or exchanged")
        case .accessoriesComplete: LocalizedText("配件齐全", "accessories complete")
        case .packagingIntact: LocalizedText("包装完好", "packaging intact")
        case .hasInvoice: LocalizedText("有发票或销售凭证", "invoice or sales voucher present")
        case .hasThreeGuaranteesCard: LocalizedText("有三包卡", "三包 card present")
        case .hasWarrantyLabel: LocalizedText("有商家标", "merchant warranty label present")
        case .hasWarrantyCard: LocalizedText("有保修卡", "warranty card present")
        case .voucherMismatch: LocalizedText("商品与凭证不符", "item does not match the voucher")
        case .noMerchantFound: LocalizedText("无标或查不到商家", "no label or merchant not found")
        case .humanDamage: LocalizedText("人为损坏或自行拆卸", "human damage or self-disassembly")
        case .physicalDamage: LocalizedText("外伤", "physical damage")
        case .notResaleable: LocalizedText("已使用/洗涤，影响二次销售", "used or washed, not resaleable")
        case .installationTrace: LocalizedText("有上机或开机痕迹", "signs of installation or power-on")
        case .hasRepairRecord: LocalizedText("有维修记录", "has a repair record")
        case .warrantyCardActivated: LocalizedText("15天内已填保修卡或注册", "warranty card filled or registered within 15 days")
        case .excludedDamage: LocalizedText("进液、腐蚀、摔损或非授权拆修", "liquid, corrosion, shock or unauthorised repair")
        case .softwareModified: LocalizedText("软件状态已改变", "software changed from factory state")
        case .barcodeMismatch: LocalizedText("产品条码与包装条码不符", "product barcode differs from packaging")
        case .qualityIssue: LocalizedText("质量问题", "quality issue")
        case .seriousDefect: LocalizedText("严重质量问题", "serious defect")
        case .functionalFault: LocalizedText("经检测的功能性故障", "functional fault confirmed by testing")
        case .softwareIssue: LocalizedText("软件问题", "software issue")
        case .descriptionMismatch: LocalizedText("描述不符", "not as described")
        case .wrongItemSent: LocalizedText("错发", "wrong item sent")
        case .transportDamage: LocalizedText("运输损坏", "transport damage")
        case .deadOnArrival: LocalizedText("开机不良", "dead on arrival")
        case .minorDefect: LocalizedText("瑕疵", "minor flaw")
        case .counterfeit: LocalizedText("假冒", "counterfeit")
        case .consumable: LocalizedText("耗材", "consumable")
        case .causedByRepairCentre: LocalizedText("由厂家维修中心维修导致", "caused by the manufacturer centre's repair")
        case .repairableDefect: LocalizedText("包修范围内的问题", "defect on the repair list")
        case .soleBroken: LocalizedText("断底", "broken sole")
        case .upperBroken: LocalizedText("断帮", "broken upper")
        case .pairSizeMismatch: LocalizedText("两只鞋号码不同", "shoes of different sizes")
        case .sameFootPair: LocalizedText("一顺", "two shoes for the same foot")
        case .noManufacturerInfo: LocalizedText("无厂名厂址或合格证", "no manufacturer name, address or certificate")
        case .photosensitive: LocalizedText("感光材料", "photosensitive material")
        case .intimateGoods: LocalizedText("内衣等贴身用品", "underwear or intimate goods")
        case .cosmetics: LocalizedText("化妆品或洗涤用品", "cosmetics or detergents")
        case .spoiledConfirmedByAppraisal: LocalizedText("经鉴定变质", "spoiled, confirmed by appraisal")
        case .noSameModelAvailable: LocalizedText("无同型号且顾客不接受其他型号", "no same model and other models refused")
        case .separableSet: LocalizedText("可拆分整套家具", "separable furniture set")
        case .nonSeparableSet: LocalizedText("不可拆分整套家具", "non-separable furniture set")
        case .threeGuaranteesGoods: LocalizedText("三包商品", "三包 goods")
        case .nearExpiryItem: LocalizedText("临保商品", "near-expiry goods")
        case .prominentDisclosure: LocalizedText("已显著明示", "prominently disclosed")
        case .unsuitableForReturn: LocalizedText("不宜退货", "unsuitable for return")
        case .unauthorisedFreightCollect: LocalizedText("擅自到付", "freight collect without consent")
        case .courierWishOnlyInBuyerRemark: LocalizedText("快递要求仅写在买家备注", "courier wish only in the buyer remark")
        case .unauthorisedDropOff: LocalizedText("未经同意代放", "left without consent")
        case .responsibilityUnclear: LocalizedText("责任无法判定", "responsibility unclear")
        case .giftNotReturned: LocalizedText("赠品未退回", "gift not returned")
        case .giftBrokenAtDelivery: LocalizedText("赠品破损拒签", "gift broken at delivery")
        case .shippedAfterRefundRequest: LocalizedText("申请退款后仍发货", "shipped after the refund request")
        case .buyerUnreachable: LocalizedText("买家无法联系", "buyer unreachable")
        case .shipmentDetailWrong: LocalizedText("发货明细错误", "shipment detail wrong")
        case .parcelWeightWrong: LocalizedText("包裹重量不符", "parcel weight wrong")
        case .returningCustomer: LocalizedText("老顾客或大客户", "returning or large customer")
        case .bloatedBag: LocalizedText("饼干胀袋", "bloated bag")
        case .tornPackLittleSpilt: LocalizedText("破包少量洒漏", "torn pack, little spilt")
        case .tornPackMuchSpilt: LocalizedText("破包大量洒漏", "torn pack, much spilt")
        case .unacceptableDefect: LocalizedText("霉变/异物等不可接受问题", "mould, hair or debris")
        }
    }
}

/// A short text in Chinese and English.
public struct LocalizedText: Codable, Sendable, Hashable {
    public var zh: String
    public var en: String

    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }

    enum CodingKeys: String, CodingKey { case zh, en }
}
