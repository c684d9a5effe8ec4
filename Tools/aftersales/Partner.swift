import ArgumentParser
import Foundation

extension Aftersales {
    struct Partner: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a partner merchant's integration does with its API key.",
            subcommands: [Exchange.self]
        )

        struct Exchange: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Exchange a merchant API key for a short-lived merchant token at Dispatch; prints the answer.",
                discussion: """
                    Calls DispatchService/ExchangeApiKey (no bearer token: the key is the credential) and prints \
                    {accessToken, tokenType, expiresIn, merchantId, tenantId}. With --token-only, only the token, for \
                    `export AFTERSALES_TOKEN=$(aftersales partner exchange --token-only)`. Exchange again before expiresIn.
                    """
            )

            @Option(help: "The merchant API key (ask_…); default: $AFTERSALES_API_KEY.") var apiKey: String?
            @Option(help: "Dispatch's base URL (default: $AFTERSALES_DISPATCH_URL, else make run's port).") var url: String?
            @Flag(help: "Print only the access token.") var tokenOnly = false
            @Option(help: "Seconds to wait for the answer.") var timeout: Int64 = 30

            func run() async throws {
                guard let key = apiKey ?? ProcessInfo.processInfo.environment["AFTERSALES_API_KEY"], !key.isEmpty else {
                    throw fail("no API key: pass --api-key or set AFTERSALES_API_KEY", .localProblem)
                }
                guard let base = url ?? ServiceDirectory.baseURL(of: "dispatch") else {
                    throw fail("no address for dispatch: set AFTERSALES_DISPATCH_URL", .localProblem)
                }
                let body = try JSONSerialization.data(withJSONObject: ["apiKey": key])
                let (status, bytes): (UInt, Data)
                do {
                    (status, bytes) = try await Call.post(
                        base + "/aftersales.dispatch.v1.DispatchService/ExchangeApiKey",
                        token: nil,
                        idempotencyKey: nil,
                        body: body,
                        timeout: timeout
                    )
                } catch {
                    throw fail("\(base) did not answer: \(error)", .unreachable)
                }
                guard status < 300 else {
                    FileHandle.standardError.write(Data((Call.pretty(bytes) + "\n").utf8))
                    throw fail(Call.errorCode(bytes, status: status), .serviceError)
                }
                if tokenOnly, let token = (try? JSONSerialization.jsonObject(with: bytes) as? [String: Any])?["accessToken"] as? String {
                    print(token)
                } else {
                    print(Call.pretty(bytes))
                }
            }

            private func fail(_ message: String, _ status: ExitCode) -> ExitCode {
                FileHandle.standardError.write(Data("aftersales: \(message)\n".utf8))
                return status
            }
        }
    }
}
