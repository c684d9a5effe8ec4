import Foundation
import Models
import Testing

@Suite struct ErrorCodeTests {
    /// Connect's mapping (DESIGN §4), which clients rely on.
    @Test func everyCodeTravelsWithConnectsStatus() {
        let expected: [ErrorCode: Int] = [
            .canceled: 499, .unknown: 500, .invalidArgument: 400, .deadlineExceeded: 504, .notFound: 404,
            .alreadyExists: 409, .permissionDenied: 403, .resourceExhausted: 429, .failedPrecondition: 400,
            .aborted: 409, .outOfRange: 400, .unimplemented: 501, .internal: 500, .unavailable: 503,
            .dataLoss: 500, .unauthenticated: 401,
        ]
        #expect(expected.count == ErrorCode.allCases.count)
        for code in ErrorCode.allCases { #expect(code.httpStatus == expected[code], "\(code)") }
    }

    @Test func theBodyIsFlatWithLowerSnakeCodes() throws {
        let body = ErrorBody.invalidArgument([FieldViolation(field: "customer.phone", reason: "must be 11 digits")])
        let json = try #require(String(data: JSONEncoder().encode(body), encoding: .utf8))
        #expect(json.contains(#""code":"invalid_argument""#))
        #expect(json.contains(#""field":"customer.phone""#))
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(json.utf8)) == body)
    }

    @Test func aBodyWithoutMessageOrDetailsStillDecodes() throws {
        let body = try JSONDecoder().decode(ErrorBody.self, from: Data(#"{"code":"not_found"}"#.utf8))
        #expect(body == ErrorBody(code: .notFound, message: ""))
    }
}
