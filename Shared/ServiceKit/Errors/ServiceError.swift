public import Models

/// Builders for the errors handlers return or throw. Everything that leaves a service as an error is an
/// ``ErrorBody``; these keep the wording of the common ones in one place.
extension ErrorBody {
    public static func notFound(_ what: String) -> ErrorBody {
        ErrorBody(code: .notFound, message: "\(what) not found")
    }

    public static func unimplemented(_ message: String) -> ErrorBody {
        ErrorBody(code: .unimplemented, message: message)
    }

    public static func internalError() -> ErrorBody {
        // No detail leaves the process; the cause is in the log under the request id.
        ErrorBody(code: .internal, message: "internal error")
    }

    public static func unavailable(_ message: String) -> ErrorBody {
        ErrorBody(code: .unavailable, message: message)
    }
}

extension ErrorBody {
    /// The client's `Connect-Timeout-Ms` passed before the work could end.
    public static let deadlineExceeded = ErrorBody(code: .deadlineExceeded, message: "the request's deadline (Connect-Timeout-Ms) passed")
}
