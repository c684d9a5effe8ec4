/// Where a case stands. Registration records it (rules.md §2(a) A1: `RECORDED`); dispatch and the
/// resolutions add their states as those capabilities land.
public enum CaseStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case recorded
}
