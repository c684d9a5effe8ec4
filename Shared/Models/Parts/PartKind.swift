/// Where a part comes from (rules.md §6: 正厂件 OEM part / 副厂件 aftermarket part). Quotes must say which
/// one they use (rules.md §3.12), so the catalogue records it per part.
public enum PartKind: String, WireEnum, Hashable {
    case oemPart = "oem_part"
    case aftermarketPart = "aftermarket_part"
}
