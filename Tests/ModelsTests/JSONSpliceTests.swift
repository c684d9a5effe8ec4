import Foundation
import Models
import Testing

/// A judgement encoded once and spliced into the documents that carry it reads exactly as one encoded in
/// place (CreateCase's event and answer, issue 16's cost).
@Suite struct JSONSpliceTests {
    struct Carrier: Encodable {
        let caseId: String
        let judgement: CaseJudgement?
        let again: [CaseJudgement]
    }

    static func judgement() -> CaseJudgement {
        let sale = LocalDate(iso: "2026-03-05")!
        let facts = CaseFacts(
            pricePaid: .cny(129),
            line: OrderLine(category: "headphones"),
            dates: CaseDates(sale: sale, groupBuySuccess: sale, shipment: sale),
            flags: [.qualityIssue, .shipped]
        )
        let decision = PolicyEngine.evaluate(
            facts: facts,
            policy: PolicyPresets.pinduoduo(),
            calendar: BusinessCalendar(),
            now: Date(timeIntervalSince1970: 1_773_108_000)
        )
        return CaseJudgement(decision, requested: .refundOnly)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    @Test func aSplicedDocumentIsByteForByteTheDocumentEncodedInPlace() throws {
        let judgement = Self.judgement()
        let carrier = Carrier(caseId: "019a0c4e-8a00-7000-8000-000000000001", judgement: judgement, again: [judgement])
        let inPlace = try Self.encoder.encode(carrier)
        let splice = try JSONSplice(judgement, encoder: Self.encoder)
        let placeholders = try JSONSplice.$judgement.withValue(splice) { try Self.encoder.encode(carrier) }
        #expect(String(decoding: placeholders, as: UTF8.self).contains(splice.token), "within the scope the judgement is its placeholder")
        #expect(splice.splice(into: placeholders) == inPlace)
        // Outside the scope nothing changes, and the keys are those of the synthesized encoding.
        #expect(try Self.encoder.encode(carrier) == inPlace)
        let decoded = try JSONDecoder().decode(CaseJudgement.self, from: try Self.encoder.encode(judgement))
        #expect(decoded == judgement)
        let keys = try #require(try JSONSerialization.jsonObject(with: try Self.encoder.encode(judgement)) as? [String: Any]).keys
        #expect(Set(keys).isSuperset(of: ["policyId", "policyVersion", "requestedResolution", "status", "reasons", "resolvedRules", "deduction"]))
    }
}
