import Foundation
import Models
import PartsService
import Testing

/// The stock, reservation, requisition, purchasing and stocktake rules alone, without I/O.
@Suite struct StockRuleTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)
    static let part = UUID()
    static let other = UUID()

    @Test func noChangeTakesStockBelowZeroOrReservedAboveOnHand() {
        #expect(StockChange.receipt(5).applied(onHand: 0, reserved: 0)! == (5, 0))
        #expect(StockChange.reservation(5).applied(onHand: 5, reserved: 0)! == (5, 5))
        #expect(StockChange.reservation(1).applied(onHand: 5, reserved: 5) == nil, "nothing left to reserve")
        #expect(StockChange.consumption(2).applied(onHand: 5, reserved: 2)! == (3, 0))
        #expect(StockChange.release(3).applied(onHand: 5, reserved: 2) == nil)
        #expect(StockChange.adjustment(-4).applied(onHand: 5, reserved: 2) == nil, "reserved units cannot be written off")
        #expect(StockChange.adjustment(-3).applied(onHand: 5, reserved: 2)! == (2, 2))
        #expect(StockChange.transferOut(6).applied(onHand: 5, reserved: 0) == nil)
    }

    @Test func belowSafetyStockAndTheReorderToTwiceTheLevel() {
        #expect(!SafetyStock.isBelow(available: 0, level: 0), "no level, never below")
        #expect(SafetyStock.isBelow(available: 2, level: 3))
        #expect(SafetyStock.reorder(available: 2, onOrder: 1, level: 3) == 3)
        #expect(SafetyStock.reorder(available: 2, onOrder: 10, level: 3) == 0, "already on order")
        #expect(SafetyStock.reorder(available: 3, onOrder: 0, level: 3) == 0, "at the level is not below")
        #expect(SafetyStock.crossedBelow(availableBefore: 3, availableAfter: 2, level: 3))
        #expect(!SafetyStock.crossedBelow(availableBefore: 2, availableAfter: 1, level: 3), "told once, when it crosses")
        #expect(!SafetyStock.crossedBelow(availableBefore: 5, availableAfter: 0, level: 0))
    }

    @Test func aSuggestedLevelCoversTheLeadTimeRaisedByTheFailureRate() {
        // 36 used in 90 days, 7 days' cover: 2.8 → 3; with 2 of 30 installed failing: 36·7·32 / (90·30) = 2.99 → 3.
        #expect(SafetyStock.Basis(windowDays: 90, coverDays: 7, consumed: 36, installed: 0, failed: 0).suggested == 3)
        #expect(SafetyStock.Basis(windowDays: 90, coverDays: 7, consumed: 36, installed: 30, failed: 2).suggested == 3)
        // Half of them failing lifts it: 36·7·45 / (90·30) = 4.2 → 5.
        #expect(SafetyStock.Basis(windowDays: 90, coverDays: 7, consumed: 36, installed: 30, failed: 15).suggested == 5)
        #expect(SafetyStock.Basis(windowDays: 30, coverDays: 14, consumed: 0, installed: 0, failed: 0).suggested == 0)
        #expect(SafetyStock.Basis(windowDays: 30, coverDays: 30, consumed: 30, installed: 0, failed: 0).suggested == 30)
    }

    @Test func failureRatesArePerThousandRoundedHalfUp() {
        #expect(FailureRate.perThousand(failed: 1, installed: 3) == 333)
        #expect(FailureRate.perThousand(failed: 2, installed: 3) == 667)
        #expect(FailureRate.perThousand(failed: 1, installed: 2000) == 1, "0.5 ‰ rounds up")
        #expect(FailureRate.perThousand(failed: 0, installed: 0) == 0)
    }

    func reservation(_ status: ReservationStatus = .held) -> Reservation {
        Reservation(
            id: UUID(),
            partID: Self.part,
            locationID: UUID(),
            quantity: 2,
            repairOrderID: UUID(),
            caseID: nil,
            status: status,
            expiresAt: Self.now.addingTimeInterval(3600),
            createdAt: Self.now
        )
    }

    @Test func aHeldReservationEndsOnceAndARepeatChangesNothing() throws {
        guard case .ended(let released, let change) = reservation().ending(.release(reason: "客户取消"), at: Self.now) else {
            Issue.record("a held reservation is released")
            return
        }
        #expect(released.status == .released && released.closeReason == "客户取消" && released.closedAt == Self.now)
        #expect(change == .release(2))
        guard case .ended(let consumed, let taken) = reservation().ending(.consume(replacementID: Self.other), at: Self.now) else {
            Issue.record("a held reservation is consumed")
            return
        }
        #expect(consumed.replacementID == Self.other && taken == .consumption(2))
        guard case .ended(let expired, let back) = reservation().ending(.expire, at: Self.now) else {
            Issue.record("a held reservation expires")
            return
        }
        #expect(expired.status == .expired && back == .release(2))
        #expect(reservation(.released).ending(.release(reason: nil), at: Self.now) == .unchanged)
        #expect(reservation(.consumed).ending(.consume(replacementID: nil), at: Self.now) == .unchanged)
        for (status, ending) in [
            (ReservationStatus.released, Reservation.Ending.consume(replacementID: nil)), (.expired, .consume(replacementID: nil)),
            (.consumed, .release(reason: nil)), (.consumed, .expire),
        ] {
            guard case .refused(let error) = reservation(status).ending(ending, at: Self.now) else {
                Issue.record("\(status) then \(ending) is refused")
                continue
            }
            #expect(error.code == .failedPrecondition && error.details.map(\.field) == ["reservationId"])
        }
    }

    func requisition(model: String = "G304") -> Requisition {
        Requisition(
            id: UUID(),
            partID: Self.part,
            quantity: 2,
            deviceModel: model,
            faultCause: "微动失灵",
            repairOrderID: nil,
            caseID: nil,
            locationID: nil,
            requestedBy: "tech-1",
            createdAt: Self.now,
            updatedAt: Self.now
        )
    }

    @Test func verificationChecksTheModelAndARejectionSaysWhy() throws {
        let verified = try requisition(model: "g304").verified(.verified, note: nil, by: "desk-1", fittingModels: ["G304", "G305"], at: Self.now)
            .get()
        #expect(verified.status == .verified && verified.verifiedBy == "desk-1")
        let wrongModel = requisition(model: "G502").verified(.verified, note: nil, by: "desk-1", fittingModels: ["G304"], at: Self.now)
        #expect((try? wrongModel.get()) == nil)
        if case .failure(let error) = wrongModel { #expect(error.code == .failedPrecondition && error.details.first?.field == "deviceModel") }
        #expect(
            (try? requisition(model: "任意").verified(.verified, note: nil, by: "d", fittingModels: [], at: Self.now).get()) != nil,
            "a part listing no models fits any"
        )
        if case .failure(let error) = requisition().verified(.rejected, note: nil, by: "d", fittingModels: [], at: Self.now) {
            #expect(error.details.first?.field == "note")
        } else {
            Issue.record("a rejection needs a note")
        }
        if case .failure(let error) = verified.verified(.rejected, note: "x", by: "d", fittingModels: [], at: Self.now) {
            #expect(error.code == .failedPrecondition)
        } else {
            Issue.record("a verified requisition is not verified again")
        }
    }

    func purchase(_ lines: [PurchaseRequest.Line]) -> PurchaseRequest {
        PurchaseRequest(
            id: UUID(),
            supplierID: UUID(),
            locationID: UUID(),
            expectedArrival: Self.now.addingTimeInterval(86_400),
            lines: lines,
            requisitionIDs: [],
            createdAt: Self.now,
            updatedAt: Self.now
        )
    }

    @Test func requisitionsAreGroupedIntoOneLinePerPartWithTheirModels() {
        var second = requisition(model: "G305")
        second.quantity = 3
        let lines = PurchaseRequest.lines(requisitions: [requisition(), second, requisition()], extra: [(Self.other, 5), (Self.part, 1)])
        #expect(lines.count == 2)
        #expect(lines[0].partID == Self.part && lines[0].quantity == 8 && lines[0].deviceModels == ["G304", "G305"])
        #expect(lines[1].partID == Self.other && lines[1].quantity == 5 && lines[1].deviceModels == [])
    }

    @Test func receiptsArePartialOrCompleteAndNeverMoreThanOutstanding() throws {
        let ordered = purchase([
            .init(partID: Self.part, quantity: 3, received: 0, deviceModels: []),
            .init(partID: Self.other, quantity: 1, received: 0, deviceModels: []),
        ])
        let partial = try ordered.receiving([(Self.part, 1)], at: Self.now).get()
        #expect(partial.status == .partiallyReceived && partial.lines[0].outstanding == 2)
        #expect(partial.isOverdue(at: Self.now.addingTimeInterval(86_400)) && !partial.isOverdue(at: Self.now))
        if case .failure(let error) = partial.receiving([(Self.other, 1), (Self.part, 3)], at: Self.now) {
            #expect(error.details.first?.field == "lines[1].quantity")
        } else {
            Issue.record("more than outstanding is refused")
        }
        if case .failure(let error) = partial.receiving([(UUID(), 1)], at: Self.now) {
            #expect(error.details.first?.field == "lines[0].partId")
        } else {
            Issue.record("a part not ordered is refused")
        }
        let complete = try partial.receiving([(Self.part, 2), (Self.other, 1)], at: Self.now).get()
        #expect(complete.status == .received && !complete.isOverdue(at: Self.now.addingTimeInterval(999_999)))
        #expect((try? complete.receiving([(Self.part, 1)], at: Self.now).get()) == nil, "a received request takes no more")
        #expect((try? partial.cancelled(reason: "x", at: Self.now).get()) == nil, "goods already came")
        #expect(try ordered.cancelled(reason: "供应商停产", at: Self.now).get().status == .cancelled)
        #expect((try? ordered.rescheduled(to: Self.now, reason: "缺货", at: Self.now).get()) == nil, "a new date is in the future")
    }

    @Test func aStocktakePostsOnlyTheVariancesAgainstTheBookAtCountTime() {
        let take = Stocktake(
            id: UUID(),
            locationID: UUID(),
            lines: [
                .init(partID: Self.part, counted: 7, bookAtCount: 9, countedBy: "c", countedAt: Self.now),
                .init(partID: Self.other, counted: 4, bookAtCount: 4, countedBy: "c", countedAt: Self.now),
            ],
            startedBy: "c",
            startedAt: Self.now
        )
        #expect(take.adjustments.map(\.partID) == [Self.part] && take.adjustments.map(\.change) == [-2])
        #expect(take.requireCounting() == nil)
        let posted = try? take.posted(by: "boss", at: Self.now, reason: "月末").get()
        #expect(posted?.status == .posted && posted?.postedBy == "boss" && posted?.postReason == "月末")
        #expect(posted?.requireCounting()?.code == .failedPrecondition)
        #expect((try? posted?.cancelled(by: "c", at: Self.now, reason: "x").get()) == nil, "a posted count is not cancelled")
        let cancelled = try? take.cancelled(by: "c", at: Self.now, reason: "断电").get()
        #expect(cancelled?.status == .cancelled && cancelled?.cancelReason == "断电")
        #expect((try? cancelled?.posted(by: "boss", at: Self.now, reason: "x").get()) == nil, "a cancelled count is not posted")
    }

    @Test func suppliersAreListedOnceWithTheirLeadTimes() {
        let supplier = UUID().uuidString.lowercased()
        let draft = PartCataloguing.Draft(
            partNumber: "SW-1",
            name: "微动开关",
            fittingModels: [],
            kind: .oemPart,
            valueClass: .c,
            unitCost: Money(currency: "CNY", amountMinor: 1500),
            unitPrice: Money(currency: "USD", amountMinor: 300),
            suppliers: [(supplier, 3), (supplier, 5), ("x", 400)]
        )
        guard case .failure(let error) = PartCataloguing.validate(draft) else {
            Issue.record("refused")
            return
        }
        #expect(
            error.details.map(\.field) == ["unitPrice.currency", "suppliers[1].supplierId", "suppliers[2].supplierId", "suppliers[2].leadTimeDays"]
        )
        #expect(ValueClass.c.requiresDeposit && ValueClass.d.requiresDeposit && !ValueClass.b.requiresDeposit)
    }
}
