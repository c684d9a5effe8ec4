/// How the customer reached us (rules.md §2(a): enterprise QQ or chat, phone, in person; A4's app and
/// public account are `online`; a partner storefront registers on the customer's behalf).
public enum CaseChannel: String, WireEnum, Hashable {
    case online
    case phone
    case walkIn = "walk_in"
    case chat
    case storefront
}

/// What the customer says is wrong (glossary §6: 质量问题 / 非质量问题). It decides who pays shipping and
/// which windows apply; the merchant's inspection may later find otherwise.
public enum IssueKind: String, WireEnum, Hashable {
    case qualityIssue = "quality_issue"
    case nonQuality = "non_quality"
}
