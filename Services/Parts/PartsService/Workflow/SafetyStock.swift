/// Safety stock (安全库存, rules.md §2(f) 4, SH-16): the level below which a part is reordered, set by hand
/// or suggested from its usage and failure rate. Pure integer arithmetic.
public enum SafetyStock {
    /// Below the level: only a part with a level (above zero) can be.
    public static func isBelow(available: Int, level: Int) -> Bool { level > 0 && available < level }

    /// The units to order when below the level: enough to bring available plus what is already on order up
    /// to twice the level (an order-up-to rule: the level is the buffer, the second level the working
    /// stock). Zero when not below.
    public static func reorder(available: Int, onOrder: Int, level: Int) -> Int {
        guard isBelow(available: available, level: level) else { return 0 }
        return max(0, 2 * level - available - onOrder)
    }

    /// Whether a change of available stock crossed the level downwards: the moment to suggest a reorder
    /// (not again while it stays below).
    public static func crossedBelow(availableBefore: Int, availableAfter: Int, level: Int) -> Bool {
        level > 0 && availableBefore >= level && availableAfter < level
    }

    /// What the usage of a window says the level should be.
    public struct Basis: Sendable, Equatable {
        public var windowDays: Int
        /// Days of demand the level must cover: the time a reorder takes to arrive.
        public var coverDays: Int
        /// Units consumed at the location in the window.
        public var consumed: Int
        /// Replacements of the part installed in the window, and how many of them failed.
        public var installed: Int
        public var failed: Int

        public init(windowDays: Int, coverDays: Int, consumed: Int, installed: Int, failed: Int) {
            self.windowDays = windowDays
            self.coverDays = coverDays
            self.consumed = consumed
            self.installed = installed
            self.failed = failed
        }

        /// The daily usage over the cover days, raised by the failure rate (a failing part comes back for
        /// another), rounded up: ⌈consumed × cover × (installed + failed) ÷ (window × installed)⌉, or without
        /// the failure factor when nothing was installed.
        public var suggested: Int {
            guard windowDays > 0, consumed > 0 else { return 0 }
            let numerator = consumed * coverDays * (installed > 0 ? installed + failed : 1)
            let denominator = windowDays * (installed > 0 ? installed : 1)
            return (numerator + denominator - 1) / denominator
        }
    }
}

/// Failure rates of replaced parts (rules.md §2(f) 6).
public enum FailureRate {
    /// Failures per thousand installed, rounded half up; 0 when none was installed.
    public static func perThousand(failed: Int, installed: Int) -> Int {
        guard installed > 0 else { return 0 }
        return (failed * 2000 + installed) / (2 * installed)
    }
}
