import Foundation
import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Satisfaction surveys: the customer's answer (once), and the results by merchant, category or period.
extension NotificationsHandlers {
    func recordSurveyResponse(_ input: Operations.RecordSurveyResponse.Input) async throws -> Operations.RecordSurveyResponse.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.surveyId, "surveyId")
            let score = checks.number(request.score, "score", range: SatisfactionScore.range)
            let comment = checks.optionalText(request.comment, "comment", max: 1000)
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                guard
                    let (survey, recorded) = try await SurveyStore().answer(
                        id,
                        score: score,
                        comment: comment,
                        now: now,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else {
                    throw ErrorBody(code: .notFound, message: "no such survey", details: [FieldViolation(field: "surveyId", reason: "was not found")])
                }
                guard recorded else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "the survey was answered already",
                        details: [FieldViolation(field: "surveyId", reason: "was answered already")]
                    )
                }
                return Components.Schemas.Survey(survey)
            }
            caller.logger.info("survey answered", metadata: ["survey.id": "\(id.wire)", "score": "\(score)"])
            return .ok(answer)
        }
    }

    func getSurveyResults(_ input: Operations.GetSurveyResults.Input) async throws -> Operations.GetSurveyResults.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            checks.choice(request.groupBy, "groupBy")
            try checks.throwIfFailed()
            let groupBy =
                request.groupBy.flatMap { ["merchant", "category", "day", "week", "month"].contains($0.rawValue) ? $0.rawValue : nil } ?? "merchant"
            let groups = try await environment.read(caller) { connection in
                let calendar = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger)
                let (from, to) = try Self.reportSpan(request.from, request.to, calendar: calendar)
                return try await SurveyStore().results(
                    from: from,
                    to: to,
                    groupBy: groupBy,
                    timeZone: calendar.timeZoneIdentifier,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(groups: groups.map(Components.Schemas.SurveyResultGroup.init)))
        }
    }
}
