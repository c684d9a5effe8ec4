import Foundation

/// A customer message's text with `{{variable}}` placeholders (rules.md §2(g)): checked when a tenant saves
/// it — every placeholder must be a variable of its notice — and filled in when a message is made.
public struct MessageTemplate: Sendable, Hashable {
    public static let maxBodyLength = 1_000

    public let notice: CustomerNotice
    public let language: MessageLanguage
    public let body: String

    /// One piece of a body: text as written, or a variable.
    enum Piece: Hashable {
        case text(Substring)
        case variable(String)
    }

    let pieces: [Piece]

    struct SyntaxError: Error {
        let reason: String
    }

    /// The template, or why not: an empty or over-long body, an unclosed or empty `{{`, a variable the
    /// notice does not have (each reported on `field`).
    public static func checked(
        _ notice: CustomerNotice,
        _ language: MessageLanguage,
        body: String,
        field: String = "body"
    )
        -> Result<MessageTemplate, ErrorBody>
    {
        var violations: [FieldViolation] = []
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            violations.append(FieldViolation(field: field, reason: "must not be empty"))
        } else if body.unicodeScalars.count > maxBodyLength {
            violations.append(FieldViolation(field: field, reason: "must be at most \(maxBodyLength) characters"))
        }
        let pieces: [Piece]
        switch parse(body) {
        case .failure(let error):
            violations.append(FieldViolation(field: field, reason: error.reason))
            pieces = []
        case .success(let parsed):
            pieces = parsed
            let allowed = Set(notice.variables)
            for case .variable(let name) in parsed where !allowed.contains(name) {
                violations.append(
                    FieldViolation(
                        field: field,
                        reason: "uses the unknown variable {{\(name)}}; a \(notice.rawValue) may use \(notice.variables.joined(separator: ", "))"
                    )
                )
            }
        }
        guard violations.isEmpty else { return .failure(.invalidArgument(violations)) }
        return .success(MessageTemplate(notice: notice, language: language, body: body, pieces: pieces))
    }

    /// The body split into text and `{{name}}` variables (spaces inside the braces allowed).
    static func parse(_ body: String) -> Result<[Piece], SyntaxError> {
        var pieces: [Piece] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[rest.startIndex..<open.lowerBound])) }
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                return .failure(SyntaxError(reason: "has a {{ that is never closed"))
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return .failure(SyntaxError(reason: "has an empty {{}}")) }
            pieces.append(.variable(name))
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") { return .failure(SyntaxError(reason: "has a }} that was never opened")) }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return .success(pieces)
    }

    /// The message: each variable replaced by its value (a value not known is left empty).
    public func render(_ values: [String: String]) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .text(let part): text += part
            case .variable(let name): text += values[name] ?? ""
            }
        }
        return text
    }
}

extension MessageTemplate {
    /// The platform's own wording of every notice, used until a tenant saves its own.
    public static func standard(_ notice: CustomerNotice, _ language: MessageLanguage) -> MessageTemplate {
        let body: String
        switch (notice, language) {
        case (.pickupNotice, .zh): body = "{{customerName}}您好，您在{{shopName}}送修的{{productName}}将于{{readyAt}}修好，届时可凭取件单取回。"
        case (.pickupNotice, .en):
            body = "Dear {{customerName}}, the {{productName}} you left with {{shopName}} will be ready at {{readyAt}}. Please bring your claim slip."
        case (.delayNotice, .zh):
            body = "{{customerName}}您好，非常抱歉，您的{{productName}}无法在原定的{{previousPromisedBy}}修好，预计{{promisedBy}}完成。{{shopName}}"
        case (.delayNotice, .en):
            body =
                "Dear {{customerName}}, we are sorry: your {{productName}} will not be ready at {{previousPromisedBy}} as promised; we now expect {{promisedBy}}. {{shopName}}"
        case (.appointmentReminder, .zh): body = "{{customerName}}您好，提醒您：{{shopName}}的预约时间为{{windowStart}}至{{windowEnd}}。"
        case (.appointmentReminder, .en):
            body = "Dear {{customerName}}, a reminder of your appointment with {{shopName}}: {{windowStart}} to {{windowEnd}}."
        case (.completionAtRisk, .zh):
            body = "{{customerName}}您好，非常抱歉，您的{{productName}}可能无法在约定的{{agreedCompletion}}前完成，我们将尽快与您联系商定新的时间。{{shopName}}"
        case (.completionAtRisk, .en):
            body =
                "Dear {{customerName}}, we are sorry: the work on your {{productName}} may not be finished by {{agreedCompletion}} as agreed. We will call you to agree a new time. {{shopName}}"
        case (.refundPaid, .zh): body = "{{customerName}}您好，订单{{orderNumber}}的退款{{amount}}已原路退回，请注意查收。{{shopName}}"
        case (.refundPaid, .en):
            body = "Dear {{customerName}}, {{amount}} for order {{orderNumber}} has been refunded to your original payment method. {{shopName}}"
        case (.satisfactionSurvey, .zh): body = "{{customerName}}您好，您的售后服务已完成。请回复1-5分评价本次服务（评价码{{surveyCode}}），感谢您对{{shopName}}的支持。"
        case (.satisfactionSurvey, .en):
            body =
                "Dear {{customerName}}, your after-sales service is complete. Please rate it from 1 to 5 (survey code {{surveyCode}}). Thank you — {{shopName}}"
        }
        // The platform's own templates are checked by the tests; a failure here is a programming error.
        guard case .success(let template) = checked(notice, language, body: body) else { preconditionFailure("bad standard template") }
        return template
    }
}
