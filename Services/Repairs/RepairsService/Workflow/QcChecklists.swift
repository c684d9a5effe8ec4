public import Models

/// Quality-control checklists per device category (rules.md §2(e) 2e-W step 6, WS-14): a tenant sets its own;
/// until it does, a category has the built-in list — the computer shop's power-off retest (for computers,
/// laptops and desktops) as the seeded example, and the workshop's general check of exterior and accompanying items for every other category.
/// Pure.
public enum QcChecklists {
    public static let general = "general"

    /// The computer shop's retest after repair (机器检测, WS-14). The seed names a 39-point list without
    /// giving its points; these are the checks such a retest covers, and a tenant replaces them with its own.
    public static let computer = [
        "断电后重新开机自检通过", "原故障现象已消除", "屏幕显示无坏点、无闪烁", "键盘全部按键正常", "触控板与鼠标正常", "USB 接口读写正常",
        "音频输入输出正常", "有线与无线网络连接正常", "摄像头正常", "电池充放电正常", "风扇与散热正常、无异响", "硬盘读写与健康状态正常",
        "内存检测通过", "系统与驱动运行稳定", "外观无新增划痕", "随机附件齐全", "机身清洁完毕",
    ]

    /// The workshop's general final check (car: final cleaning, exterior and accompanying items).
    public static let generalList = ["原故障已排除", "外观检查无新增损伤", "随车物品核对齐全", "清洁完毕"]

    /// The categories the computer retest applies to.
    public static let computers: Set<String> = ["computer", "laptop", "desktop", "notebook", "all_in_one"]

    /// The built-in list of `category`.
    public static func seeded(_ category: String) -> [String] { computers.contains(category) ? computer : generalList }

    /// 1–50 of a–z, 0–9 and _, starting with a letter.
    public static func isCategory(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, (1...50).contains(text.unicodeScalars.count), ("a"..."z").contains(first) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The checklist `items`, checked: 1–100 distinct items of 1–200 characters.
    public static func validate(category: String, items: [String]) -> Result<[String], ErrorBody> {
        var checks = FieldChecks()
        if !isCategory(category) { checks.fail("category", "must be 1–50 of a–z, 0–9 and _, starting with a letter") }
        let texts = checks.texts(items, "items", count: 1...100, max: 200)
        if Set(items).count != items.count { checks.fail("items", "an item is listed twice") }
        if let error = checks.error { return .failure(error) }
        return .success(texts)
    }

    /// A round's answers against `checklist`: every item answered exactly once, no other item. Returns the
    /// failed items, in the checklist's order.
    public static func failedItems(_ results: [(item: String, passed: Bool)], against checklist: [String]) -> Result<[String], ErrorBody> {
        var checks = FieldChecks()
        let answered = results.map(\.item)
        for (index, item) in answered.enumerated() where !checklist.contains(item) {
            checks.fail("results[\(index)].item", "is not on the checklist")
        }
        if Set(answered).count != answered.count { checks.fail("results", "an item is answered twice") }
        let missing = checklist.filter { !answered.contains($0) }
        if !missing.isEmpty { checks.fail("results", "not checked: \(missing.joined(separator: ", "))") }
        if let error = checks.error { return .failure(error) }
        let failed = Set(results.filter { !$0.passed }.map(\.item))
        return .success(checklist.filter(failed.contains))
    }
}
