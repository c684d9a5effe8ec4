public import Foundation
public import Models

/// The morning run (rules.md §2(b) timetable: yesterday's intake goes out to the merchants the next morning,
/// grouped by region; finished items are brought back): one region and one runner, each item on a leg —
/// to its merchant, or back to the mall — planned, out (with a tracking number when a courier carries it)
/// and delivered; a leg not delivered by the end of the run's day is overdue. Pure.
public struct DispatchRun: Sendable, Equatable {
    public enum Leg: String, Sendable {
        case toMerchant = "to_merchant"
        case backToMall = "back_to_mall"
    }

    public enum LegStatus: String, Sendable {
        case planned, out, delivered
    }

    public struct Item: Sendable, Equatable {
        public let caseID: UUID
        public let merchantID: UUID
        public let merchantName: String
        public let leg: Leg
        public var status: LegStatus
        public var trackingNumber: String?
        public let dueAt: Date
        public var outAt: Date?
        public var deliveredAt: Date?

        public init(caseID: UUID, merchantID: UUID, merchantName: String, leg: Leg, dueAt: Date) {
            self.caseID = caseID
            self.merchantID = merchantID
            self.merchantName = merchantName
            self.leg = leg
            self.status = .planned
            self.dueAt = dueAt
        }

        public func isOverdue(at now: Date) -> Bool { status != .delivered && now >= dueAt }

        /// The runner reports the leg out or delivered.
        /// - Returns: false when it stood there already (a retry).
        public mutating func record(_ next: LegStatus, trackingNumber: String?, at now: Date) throws(ErrorBody) -> Bool {
            switch (status, next) {
            case (.planned, .out):
                outAt = now
            case (.planned, .delivered), (.out, .delivered):
                if outAt == nil { outAt = now }
                deliveredAt = now
            case (.out, .out), (.delivered, .delivered):
                return false
            default:
                throw ErrorBody(code: .failedPrecondition, message: "the leg is \(status.rawValue); it cannot become \(next.rawValue)")
            }
            status = next
            if let trackingNumber { self.trackingNumber = trackingNumber }
            return true
        }
    }

    public struct Summary: Sendable, Equatable {
        public var planned = 0
        public var out = 0
        public var delivered = 0
        public var overdue = 0

        public init(planned: Int = 0, out: Int = 0, delivered: Int = 0, overdue: Int = 0) {
            self.planned = planned
            self.out = out
            self.delivered = delivered
            self.overdue = overdue
        }
    }

    public let id: UUID
    public let runDate: LocalDate
    public let region: String
    public let runner: String
    public let createdAt: Date
    public var items: [Item]

    public init(id: UUID, runDate: LocalDate, region: String, runner: String, createdAt: Date, items: [Item]) {
        self.id = id
        self.runDate = runDate
        self.region = region
        self.runner = runner
        self.createdAt = createdAt
        self.items = items
    }

    /// What is out, back, overdue.
    public func summary(at now: Date) -> Summary {
        var summary = Summary()
        for item in items {
            switch item.status {
            case .planned: summary.planned += 1
            case .out: summary.out += 1
            case .delivered: summary.delivered += 1
            }
            if item.isOverdue(at: now) { summary.overdue += 1 }
        }
        return summary
    }

    /// The run sheet for a spreadsheet: UTF-8 with a byte-order mark, one row per leg, every field quoted
    /// when it must be and a leading `=`, `+`, `-` or `@` neutralised (no formula runs from a merchant's name).
    public func csv(at now: Date) -> String {
        let header = ["case_id", "merchant_id", "merchant_name", "leg", "status", "tracking_number", "due_at", "out_at", "delivered_at", "overdue"]
        let rows = items.map { item in
            [
                item.caseID.uuidString.lowercased(), item.merchantID.uuidString.lowercased(), item.merchantName, item.leg.rawValue,
                item.status.rawValue, item.trackingNumber ?? "", RFC3339.string(item.dueAt), item.outAt.map(RFC3339.string) ?? "",
                item.deliveredAt.map(RFC3339.string) ?? "", item.isOverdue(at: now) ? "true" : "false",
            ]
        }
        return "\u{FEFF}" + ([header] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
