import ArgumentParser

/// The operator's command line: keys, tokens and calls to the services (DESIGN §5, §7).
@main
struct Aftersales: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aftersales",
        abstract: "Operate the after-sales platform: operator keys, tokens, and calls to any service.",
        discussion: """
            Exit codes: 0 success; 1 the service answered an error (its code is printed on stderr); \
            2 a local problem (unreadable file, invalid JSON, no token); 3 the service could not be reached in time; \
            64 a usage error.
            """,
        subcommands: [Keys.self, Token.self, Call.self, Tenant.self, Partner.self]
    )
}

/// Exit codes a script can rely on.
enum ExitStatus {
    static let serviceError = ExitCode(1)
    static let localProblem = ExitCode(2)
    static let unreachable = ExitCode(3)
}

extension ExitCode {
    static var serviceError: ExitCode { ExitStatus.serviceError }
    static var localProblem: ExitCode { ExitStatus.localProblem }
    static var unreachable: ExitCode { ExitStatus.unreachable }
}
