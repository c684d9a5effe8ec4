import Foundation
import Models
import RepairsService
import Testing

/// Appointments, pure (rules.md §5 T-33, T-34, T-38; SH-07): what a booking must say, the reminder a day —
/// or half a day — before the window, the arrival overdue at its end, the agreed completion's notice at the
/// pickup notice's lead, and what no longer applies once the technician arrived or finished.
@Suite struct AppointmentRulesTests {
    static let now = RFC3339.date("2026-12-01T02:00:00Z")!
    static func at(_ hours: Double) -> Date { now.addingTimeInterval(hours * 3_600) }

    static func fields(_ draft: AppointmentRules.Draft) -> [String] {
        guard case .failure(let error) = AppointmentRules.validate(draft, now: now, by: "cs-1") else { return [] }
        return error.details.map(\.field)
    }

    @Test func aBookingSaysWhereAndWhenWithinTwelveHours() {
        #expect(Self.fields(.init(kind: .onSite, windowStart: Self.at(24), windowEnd: Self.at(26), address: "南山区科技园")) == [])
        #expect(Self.fields(.init(kind: .onSite, windowStart: Self.at(24), windowEnd: Self.at(26))) == ["address"])
        #expect(Self.fields(.init(kind: .workshopBay, windowStart: Self.at(24), windowEnd: Self.at(26), address: "x")) == ["bay"])
        #expect(Self.fields(.init(kind: .workshopBay, windowStart: Self.at(0), windowEnd: Self.at(1), bay: "3 号工位")) == ["windowStart"])
        #expect(Self.fields(.init(kind: .workshopBay, windowStart: Self.at(2), windowEnd: Self.at(2), bay: "3 号工位")) == ["windowEnd"])
        #expect(Self.fields(.init(kind: .workshopBay, windowStart: Self.at(2), windowEnd: Self.at(14) + 1, bay: "3 号工位")) == ["windowEnd"])
        #expect(Self.fields(.init(kind: .workshopBay, windowStart: Self.at(2), windowEnd: Self.at(14), bay: "3 号工位")) == [])
        let early = AppointmentRules.Draft(kind: .onSite, windowStart: Self.at(2), windowEnd: Self.at(4), address: "x", agreedCompletion: Self.at(3))
        #expect(Self.fields(early) == ["agreedCompletion"])
        #expect(Self.fields(.init(kind: .onSite, windowStart: Self.at(181 * 24), windowEnd: Self.at(181 * 24 + 1), address: "x")) == ["windowStart"])
    }

    @Test func theReminderIsADayBeforeOrHalfADayOrNone() {
        #expect(AppointmentRules.reminder(bookedAt: Self.now, windowStart: Self.at(72)) == Self.at(48))
        #expect(AppointmentRules.reminder(bookedAt: Self.now, windowStart: Self.at(24)) == Self.at(12), "a day before is now: half a day")
        #expect(AppointmentRules.reminder(bookedAt: Self.now, windowStart: Self.at(20)) == Self.at(8))
        #expect(AppointmentRules.reminder(bookedAt: Self.now, windowStart: Self.at(12)) == nil, "booked half a day ahead: just told")
    }

    @Test func deadlinesFollowTheVisit() throws {
        let draft = AppointmentRules.Draft(
            kind: .onSite,
            windowStart: Self.at(72),
            windowEnd: Self.at(74),
            address: "x",
            agreedCompletion: Self.at(78)
        )
        var visit = try AppointmentRules.validate(draft, now: Self.now, by: "cs-1").get()
        // The agreed completion 6 h after the window's start: told an hour before (T-24's lead for a short job).
        #expect(
            AppointmentRules.deadlines(of: visit, now: Self.now) == [
                .reminder: Self.at(48), .arrivalOverdue: Self.at(74), .completionAtRisk: Self.at(77),
            ]
        )
        visit.arrivedAt = Self.at(72.5)
        #expect(AppointmentRules.deadlines(of: visit, now: Self.at(72.5)) == [.completionAtRisk: Self.at(77)])
        #expect(!AppointmentRules.stillApplies(.arrivalOverdue, to: visit) && AppointmentRules.stillApplies(.completionAtRisk, to: visit))
        visit.completedAt = Self.at(76)
        #expect(AppointmentRules.deadlines(of: visit, now: Self.at(76)).isEmpty && !AppointmentRules.stillApplies(.completionAtRisk, to: visit))
        // Agreed three days out: four hours ahead.
        let long = AppointmentRules.Draft(
            kind: .onSite,
            windowStart: Self.at(72),
            windowEnd: Self.at(74),
            address: "x",
            agreedCompletion: Self.at(144)
        )
        let booked = try AppointmentRules.validate(long, now: Self.now, by: "cs-1").get()
        #expect(AppointmentRules.deadlines(of: booked, now: Self.now)[.completionAtRisk] == Self.at(140))
    }
}
