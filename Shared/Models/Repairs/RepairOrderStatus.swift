/// Where a repair order (进厂维修单) stands. An order starts `registered` when the device is received
/// (rules.md §2(e), 登记 register_receipt); diagnosis, quotes and QC add their states as they land.
public enum RepairOrderStatus: String, WireEnum, Hashable {
    case registered
}
