public import Foundation
public import Models

/// A stocktake (盘点, rules.md §2(f) 4) of one location. Stock keeps moving while people count, so each
/// line takes the ledger's on hand at the moment the line is recorded as its book quantity: what moves
/// afterwards (a reservation consumed, a delivery received) is in the ledger and not a variance. Posting
/// turns every non-zero variance into an adjustment with the approver's name and reason.
public struct Stocktake: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var partID: UUID
        public var counted: Int
        public var bookAtCount: Int
        public var countedBy: String
        public var countedAt: Date

        public init(partID: UUID, counted: Int, bookAtCount: Int, countedBy: String, countedAt: Date) {
            self.partID = partID
            self.counted = counted
            self.bookAtCount = bookAtCount
            self.countedBy = countedBy
            self.countedAt = countedAt
        }

        public var variance: Int { counted - bookAtCount }
    }

    public var id: UUID
    public var locationID: UUID
    public var status: StocktakeStatus
    public var lines: [Line]
    public var startedBy: String
    public var startedAt: Date
    public var postedBy: String?
    public var postedAt: Date?
    public var postReason: String?
    public var cancelledBy: String?
    public var cancelledAt: Date?
    public var cancelReason: String?

    public init(
        id: UUID,
        locationID: UUID,
        status: StocktakeStatus = .counting,
        lines: [Line] = [],
        startedBy: String,
        startedAt: Date,
        postedBy: String? = nil,
        postedAt: Date? = nil,
        postReason: String? = nil,
        cancelledBy: String? = nil,
        cancelledAt: Date? = nil,
        cancelReason: String? = nil
    ) {
        self.id = id
        self.locationID = locationID
        self.status = status
        self.lines = lines
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.postedBy = postedBy
        self.postedAt = postedAt
        self.postReason = postReason
        self.cancelledBy = cancelledBy
        self.cancelledAt = cancelledAt
        self.cancelReason = cancelReason
    }

    /// Still counting: lines may be recorded and the count posted.
    public func requireCounting() -> ErrorBody? {
        status == .counting ? nil : .failedPrecondition("stocktakeId", "the stocktake was \(status.rawValue)")
    }

    /// Posted by its approver: its variances become adjustments (the caller posts them).
    public func posted(by approver: String, at now: Date, reason: String) -> Result<Self, ErrorBody> {
        if let error = requireCounting() { return .failure(error) }
        var next = self
        next.status = .posted
        next.postedBy = approver
        next.postedAt = now
        next.postReason = reason
        return .success(next)
    }

    /// Abandoned: its counts change nothing.
    public func cancelled(by who: String, at now: Date, reason: String) -> Result<Self, ErrorBody> {
        if let error = requireCounting() { return .failure(error) }
        var next = self
        next.status = .cancelled
        next.cancelledBy = who
        next.cancelledAt = now
        next.cancelReason = reason
        return .success(next)
    }

    /// The adjustments posting makes: one per line whose count differs from its book quantity.
    public var adjustments: [(partID: UUID, change: Int)] {
        lines.filter { $0.variance != 0 }.map { ($0.partID, $0.variance) }
    }
}
