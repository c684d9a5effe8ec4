import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NotificationsService
import ServiceKit
import TestSupport
import Testing

/// Customer messages (rules.md §2(g), T-24, T-33): made from the tenant's templates in the customer's
/// language, once per event, postponed by quiet hours and never dropped; templates checked when saved.
@Suite struct CustomerMessageTests {
    typealias F = CareFixture

    @Test func aTemplateWithAnUnknownVariableIsRefusedWithTheFieldAndAGoodOneIsUsed() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.supervisor, settings: F.testMode) { client in
                let refused = try await client.call(
                    "PutMessageTemplate",
                    ["notice": "pickup_notice", "language": "zh", "body": "{{customerName}}您好，单号{{trackingNumber}}"]
                )
                #expect(refused.status == .badRequest)
                #expect(refused.violatedFields == ["body"])
                #expect("\(refused.json)".contains("trackingNumber"))
                let body = "【华强】{{customerName}}，您的{{productName}}已修好，{{readyAt}}可取。"
                let saved = try await F.ok(client, "PutMessageTemplate", ["notice": "pickup_notice", "language": "zh", "body": body])
                #expect(saved["source"] as? String == "tenant")
                let templates = try await F.ok(client, "ListMessageTemplates", [:])["templates"] as? [[String: Any]] ?? []
                #expect(templates.count == CustomerNotice.allCases.count * MessageLanguage.allCases.count)
                #expect(
                    templates.first { $0["notice"] as? String == "pickup_notice" && $0["language"] as? String == "zh" }?["body"] as? String == body
                )

                let agent = try await client.calling(as: F.agent)
                let caseID = try await F.knownCase(agent, at: F.Harness.start)
                let event = F.deadline(.pickupNotice, caseID: caseID, dueAt: F.Harness.start, promisedBy: F.Harness.start.addingTimeInterval(3600))
                let envelope = try F.envelope(event, subject: event.repairOrderID, at: F.Harness.start)
                try await TestEvents.deliver(agent, [envelope])
                try await TestEvents.deliver(agent, [envelope])  // redelivered: still one message
                let sent = try await F.messages(agent, caseID: caseID)
                #expect(sent.count == 1)
                #expect(sent.first?["status"] as? String == "sent")
                #expect(sent.first?["recipient"] as? String == F.phone)
                // 11:00 in Shanghai, an hour after the 10:00 start.
                #expect(sent.first?["body"] as? String == "【华强】李女士，您的ThinkPad X1已修好，2026-03-10 11:00可取。")

                // Another tenant has none of it: the platform's wording, no message.
                let other = try await client.calling(as: TestCaller.staff([.supervisor, .csAgent], of: TestTenants.b))
                let theirs = try await F.ok(other, "ListMessageTemplates", [:])["templates"] as? [[String: Any]] ?? []
                #expect(theirs.allSatisfy { $0["source"] as? String == "standard" })
                #expect(try await F.messages(other).isEmpty)
            }
        }
    }

    @Test func twoEventsForOneNoticeAreTwoMessagesButOneEventIsOne() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let first = F.deadline(
                    .delayNotice,
                    caseID: caseID,
                    dueAt: F.Harness.start,
                    promisedBy: F.at("2026-03-11T06:00:00Z"),
                    previous: F.at("2026-03-10T06:00:00Z")
                )
                let id = UUID.v7()
                // The same event twice in one batch, and again later.
                let envelope = try F.envelope(first, subject: first.repairOrderID, id: id, at: F.Harness.start)
                try await TestEvents.deliver(client, [envelope, envelope])
                try await TestEvents.deliver(client, [envelope])
                #expect(try await F.messages(client, caseID: caseID).count == 1)
                let second = F.deadline(
                    .delayNotice,
                    caseID: caseID,
                    dueAt: F.Harness.start,
                    promisedBy: F.at("2026-03-12T06:00:00Z"),
                    previous: F.at("2026-03-11T06:00:00Z")
                )
                try await TestEvents.deliver(client, [try F.envelope(second, subject: second.repairOrderID, at: F.Harness.start)])
                let messages = try await F.messages(client, caseID: caseID)
                #expect(messages.count == 2, "a second delay is a second notice")
                #expect((messages.first?["body"] as? String)?.contains("2026-03-12 14:00") == true, "the new promise in Shanghai time")
                #expect((messages.first?["body"] as? String)?.contains("2026-03-11 14:00") == true, "and the one it replaces")
            }
        }
    }

    /// A notice due at 22:00 waits for the end of the customer's quiet hours (their own, 22:30–09:00 here), in
    /// their language and channel; a second before, still scheduled; at 09:00, sent.
    @Test func quietHoursPostponeANoticeToTheirEndInTheCustomersLanguage() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let preferences: [String: Any] = [
                    "phone": "138 0013 8000", "language": "en", "channel": "email", "email": "li@example.com",
                    "quietHours": ["start": "21:30", "end": "09:00"],
                ]
                let recorded = try await F.ok(client, "PutContactPreferences", preferences)
                #expect(recorded["phone"] as? String == F.phone, "normalised")
                let badEmail = try await client.call("PutContactPreferences", ["phone": F.phone, "language": "en", "channel": "email"])
                #expect(badEmail.violatedFields == ["email"])

                // 22:00 in Shanghai on 10 March: quiet until 09:00 on the 11th (01:00Z).
                let due = F.at("2026-03-10T14:00:00Z")
                try harness.clock.set(due)
                let appointment = RepairAppointmentDue(
                    repairOrderID: .v7(),
                    caseID: caseID,
                    merchantID: nil,
                    kind: .reminder,
                    dueAt: due,
                    appointmentKind: .onSite,
                    windowStart: F.at("2026-03-11T06:00:00Z"),
                    windowEnd: F.at("2026-03-11T08:00:00Z"),
                    agreedCompletion: nil
                )
                try await TestEvents.deliver(client, [try F.envelope(appointment, subject: appointment.repairOrderID, at: due)])
                var message = try #require(try await F.messages(client, caseID: caseID).first)
                #expect(message["status"] as? String == "scheduled")
                #expect(message["sendAt"] as? String == "2026-03-11T01:00:00Z")
                #expect(message["channel"] as? String == "email" && message["recipient"] as? String == "li@example.com")
                #expect(message["body"] as? String == "Dear 李女士, a reminder of your appointment with : 2026-03-11 14:00 to 2026-03-11 16:00.")
                try harness.clock.set(F.at("2026-03-11T00:59:59Z"))
                try await F.drain(client)
                message = try #require(try await F.messages(client, caseID: caseID).first)
                #expect(message["status"] as? String == "scheduled", "a second before the quiet hours end")
                try harness.clock.set(F.at("2026-03-11T01:00:00Z"))
                try await F.drain(client)
                message = try #require(try await F.messages(client, caseID: caseID).first)
                #expect(message["status"] as? String == "sent")
                #expect(message["sentAt"] as? String == "2026-03-11T01:00:00Z")
            }
        }
    }

    @Test func aRefundPaidIsToldAndTheResolvedCaseSurveyedOnce() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let paid = RefundPaid(
                    caseID: caseID,
                    returnRequestID: .v7(),
                    merchantID: F.merchant,
                    purpose: .refund,
                    amount: .cny(129, fen: 5),
                    paymentID: .v7(),
                    ledgerEntryID: .v7(),
                    providerReference: "po_1"
                )
                try await TestEvents.deliver(client, [try F.envelope(paid, subject: caseID, at: F.Harness.start)])
                let messages = try await F.messages(client, caseID: caseID)
                let notices = messages.compactMap { $0["notice"] as? String }.sorted()
                #expect(notices == ["refund_paid", "satisfaction_survey"])
                let refund = try #require(messages.first { $0["notice"] as? String == "refund_paid" })
                #expect((refund["body"] as? String)?.contains("129.05元") == true)
                #expect((refund["body"] as? String)?.contains("JD-20261201-0001") == true)
                let survey = try #require(messages.first { $0["notice"] as? String == "satisfaction_survey" })
                let code = try #require(
                    (survey["body"] as? String).flatMap { body in
                        body.firstMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/).map { String($0.output) }
                    }
                )

                let storefront = try await client.calling(as: TestCaller.staff([.storefront], subject: "shop"))
                let bad = try await storefront.call("RecordSurveyResponse", ["surveyId": code, "score": 6])
                #expect(bad.status == .badRequest && bad.violatedFields == ["score"])
                let answered = try await F.ok(storefront, "RecordSurveyResponse", ["surveyId": code, "score": 4, "comment": "退款很快"])
                #expect(answered["score"] as? Int == 4 && answered["productCategory"] as? String == "laptop")
                let again = try await storefront.call("RecordSurveyResponse", ["surveyId": code, "score": 5])
                #expect(again.code == "failed_precondition")
                let otherTenant = try await client.calling(as: TestCaller.staff([.storefront], of: TestTenants.b))
                #expect(try await otherTenant.call("RecordSurveyResponse", ["surveyId": code, "score": 1]).code == "not_found")

                let reader = try await client.calling(as: TestCaller.staff([.dashboardReader]))
                let byMerchant = try await F.ok(reader, "GetSurveyResults", ["from": "2026-03-01", "to": "2026-03-31", "groupBy": "merchant"])
                let group = try #require((byMerchant["groups"] as? [[String: Any]])?.first)
                #expect(group["key"] as? String == F.merchant.wire)
                #expect(group["sent"] as? Int == 1 && group["responses"] as? Int == 1 && group["averageScoreHundredths"] as? Int == 400)
                #expect(group["scoreCounts"] as? [Int] == [0, 0, 0, 1, 0])
                let byCategory = try await F.ok(reader, "GetSurveyResults", ["from": "2026-03-01", "to": "2026-03-31", "groupBy": "category"])
                #expect((byCategory["groups"] as? [[String: Any]])?.first?["key"] as? String == "laptop")
                let byDay = try await F.ok(reader, "GetSurveyResults", ["from": "2026-03-01", "to": "2026-03-31", "groupBy": "day"])
                #expect((byDay["groups"] as? [[String: Any]])?.map { $0["key"] as? String } == ["2026-03-10"], "the day in Shanghai")
                let byMonth = try await F.ok(reader, "GetSurveyResults", ["from": "2026-03-01", "to": "2026-03-31", "groupBy": "month"])
                #expect((byMonth["groups"] as? [[String: Any]])?.map { $0["key"] as? String } == ["2026-03-01"])
                let empty = try await reader.call("GetSurveyResults", ["from": "2026-03-01", "to": "2026-03-31", "groupBy": ""])
                #expect(empty.violatedFields == ["groupBy"])
                let april = try await F.ok(reader, "GetSurveyResults", ["from": "2026-04-01", "to": "2026-04-30"])
                #expect((april["groups"] as? [[String: Any]])?.isEmpty == true)

                // The same refund's event again, or a second payout on the case: no second survey.
                let compensation = RefundPaid(
                    caseID: caseID,
                    returnRequestID: nil,
                    merchantID: F.merchant,
                    purpose: .refund,
                    amount: .cny(10),
                    paymentID: .v7(),
                    ledgerEntryID: .v7(),
                    providerReference: "po_2"
                )
                try await TestEvents.deliver(client, [try F.envelope(compensation, subject: caseID, at: F.Harness.start)])
                let after = try await F.messages(client, caseID: caseID)
                #expect(after.filter { $0["notice"] as? String == "satisfaction_survey" }.count == 1)
                #expect(after.filter { $0["notice"] as? String == "refund_paid" }.count == 2)
            }
        }
    }

    @Test func aNoticeForACaseWithoutAContactIsKeptUndeliverable() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let unknown = UUID.v7()
                let event = F.deadline(.pickupNotice, caseID: unknown, dueAt: F.Harness.start, promisedBy: F.Harness.start)
                try await TestEvents.deliver(client, [try F.envelope(event, subject: event.repairOrderID, at: F.Harness.start)])
                let message = try #require(try await F.messages(client, caseID: unknown).first)
                #expect(message["status"] as? String == "undeliverable")
                #expect(message["recipient"] == nil)
            }
        }
    }
    /// A notice due at 20:00 whose event comes at 22:30 (Repairs was down) is not sent into the night: it waits
    /// for the tenant's quiet hours (21:00–08:00) to end.
    @Test func aNoticeArrivingLateInQuietHoursWaitsForTheirEnd() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                try harness.clock.set(F.at("2026-03-10T14:30:00Z"))
                let event = F.deadline(.pickupNotice, caseID: caseID, dueAt: F.at("2026-03-10T12:00:00Z"), promisedBy: F.at("2026-03-10T13:00:00Z"))
                try await TestEvents.deliver(client, [try F.envelope(event, subject: event.repairOrderID, at: F.at("2026-03-10T12:00:00Z"))])
                let message = try #require(try await F.messages(client, caseID: caseID).first)
                #expect(message["status"] as? String == "scheduled" && message["sendAt"] as? String == "2026-03-11T00:00:00Z")
            }
        }
    }
    /// T-38: a visit that may miss its agreed completion is told to the customer before it passes; a bay
    /// reserved or an arrival overdue is the workshop's business and sends nothing.
    @Test func aCompletionAtRiskIsToldAndTheWorkshopsOwnDeadlinesAreNot() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let order = UUID.v7()
                func due(_ kind: AppointmentDeadlineKind) -> RepairAppointmentDue {
                    RepairAppointmentDue(
                        repairOrderID: order,
                        caseID: caseID,
                        merchantID: nil,
                        kind: kind,
                        dueAt: F.Harness.start,
                        appointmentKind: .onSite,
                        windowStart: F.at("2026-03-10T01:00:00Z"),
                        windowEnd: F.at("2026-03-10T03:00:00Z"),
                        agreedCompletion: F.at("2026-03-10T06:00:00Z")
                    )
                }
                let envelopes = try [AppointmentDeadlineKind.completionAtRisk, .bayReserved, .arrivalOverdue].map {
                    try F.envelope(due($0), subject: order, at: F.Harness.start)
                }
                try await TestEvents.deliver(client, envelopes)
                let messages = try await F.messages(client, caseID: caseID)
                #expect(messages.count == 1)
                #expect(messages.first?["notice"] as? String == "completion_at_risk" && messages.first?["status"] as? String == "sent")
                #expect((messages.first?["body"] as? String)?.contains("2026-03-10 14:00") == true, "the agreed time in Shanghai")
            }
        }
    }
    /// A delay notice due at 20:30 arriving at 22:00 — inside quiet hours — would be useless at 08:00, after the
    /// 21:30 promise it moves: it goes at once. A pickup notice in the same hours waits for the morning.
    @Test func aNoticeUselessAfterQuietHoursGoesAtOnceAndAPickupNoticeWaits() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                try harness.clock.set(F.at("2026-03-10T14:00:00Z"))  // 22:00 in Shanghai
                let delay = F.deadline(
                    .delayNotice,
                    caseID: caseID,
                    dueAt: F.at("2026-03-10T12:30:00Z"),
                    promisedBy: F.at("2026-03-11T05:00:00Z"),
                    previous: F.at("2026-03-10T13:30:00Z")
                )
                let pickup = F.deadline(.pickupNotice, caseID: caseID, dueAt: F.at("2026-03-10T14:00:00Z"), promisedBy: F.at("2026-03-10T15:00:00Z"))
                try await TestEvents.deliver(
                    client,
                    [
                        try F.envelope(delay, subject: delay.repairOrderID, at: F.at("2026-03-10T12:30:00Z")),
                        try F.envelope(pickup, subject: pickup.repairOrderID, at: F.at("2026-03-10T14:00:00Z")),
                    ]
                )
                let messages = try await F.messages(client, caseID: caseID)
                let sentDelay = try #require(messages.first { $0["notice"] as? String == "delay_notice" })
                #expect(sentDelay["status"] as? String == "sent" && sentDelay["sentAt"] as? String == "2026-03-10T14:00:00Z")
                let waiting = try #require(messages.first { $0["notice"] as? String == "pickup_notice" })
                #expect(waiting["status"] as? String == "scheduled" && waiting["sendAt"] as? String == "2026-03-11T00:00:00Z")
            }
        }
    }

    /// A correction at Intake (a new order number) reaches the messages made after it.
    @Test func aCorrectedOrderNumberIsTheOneMessagesName() async throws {
        try await F.Harness.with { harness in
            try await harness.serve(as: F.agent, settings: F.testMode) { client in
                let caseID = try await F.knownCase(client, at: F.Harness.start)
                let corrected = CaseContactRecorded(
                    caseID: caseID,
                    customerName: "李女士",
                    customerPhone: F.phone,
                    orderNumber: "JD-CORRECTED-7",
                    productName: "ThinkPad X1",
                    productCategory: "laptop"
                )
                try await TestEvents.deliver(client, [try F.envelope(corrected, subject: caseID, at: F.Harness.start)])
                let paid = RefundPaid(
                    caseID: caseID,
                    returnRequestID: .v7(),
                    merchantID: F.merchant,
                    purpose: .compensation,
                    amount: .cny(5),
                    paymentID: .v7(),
                    ledgerEntryID: .v7(),
                    providerReference: "po_9"
                )
                try await TestEvents.deliver(client, [try F.envelope(paid, subject: caseID, at: F.Harness.start)])
                let message = try #require(try await F.messages(client, caseID: caseID).first)
                #expect((message["body"] as? String)?.contains("JD-CORRECTED-7") == true)
                #expect(try await F.messages(client, caseID: caseID).count == 1, "a compensation is told, and surveys nothing")
            }
        }
    }
}
