import Models
import PostgresNIO

extension ErrorBody {
    /// The canonical answer for a database failure that is not the caller's fault but is worth a retry:
    /// unavailable for a lost or refused connection, aborted for a serialization failure or deadlock.
    /// Nil for anything else (an internal error).
    static func retryable(databaseError error: any Error) -> ErrorBody? {
        if let error = error as? PSQLError {
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? ""
                if state == "40001" || state == "40P01" {
                    return ErrorBody(code: .aborted, message: "the transaction conflicted with another; retry")
                }
                if state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state) {
                    return unavailableDatabase
                }
                return nil
            }
            if [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed].contains(error.code) {
                return unavailableDatabase
            }
            return nil
        }
        return nil
    }

    static let unavailableDatabase = ErrorBody(code: .unavailable, message: "the database is unavailable; retry shortly")
}
