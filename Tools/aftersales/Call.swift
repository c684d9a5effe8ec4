import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension Aftersales {
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call an operation: aftersales call IntakeService/GetCase '{\"caseId\":\"…\"}'",
            discussion: "The body is JSON, or @file to read it from a file (default {}). The answer is printed pretty."
        )

        @Argument(help: "<Name>Service/<Method>, or the full path.") var operation: String
        @Argument(help: "JSON body, or @file.") var body: String = "{}"
        @Option(help: "Bearer token (default: $AFTERSALES_TOKEN).") var token: String?
        @Option(help: "Base URL (default: $AFTERSALES_<SERVICE>_URL, else make run's port).") var url: String?
        @Option(help: "Idempotency-Key for a mutation.") var idempotencyKey: String?
        @Option(help: "Seconds to wait for the answer (an unreachable service is retried until then).") var timeout: Int64 = 30

        func run() async throws {
            guard let (service, path) = ServiceDirectory.resolve(operation) else {
                throw fail("unknown operation \"\(operation)\": use <Name>Service/<Method>", .localProblem)
            }
            guard let base = url ?? ServiceDirectory.baseURL(of: service) else {
                throw fail("no address for service \(service): set AFTERSALES_\(service.uppercased())_URL", .localProblem)
            }
            guard let token = token ?? ProcessInfo.processInfo.environment["AFTERSALES_TOKEN"], !token.isEmpty else {
                throw fail("no token: pass --token or set AFTERSALES_TOKEN (see `aftersales token`)", .localProblem)
            }
            let payload = try readBody()

            let (status, bytes): (UInt, Data)
            do {
                (status, bytes) = try await Self.post(base + path, token: token, idempotencyKey: idempotencyKey, body: payload, timeout: timeout)
            } catch {
                throw fail("\(base) did not answer: \(error)", .unreachable)
            }
            print(Self.pretty(bytes))
            if status >= 300 {
                throw fail(Self.errorCode(bytes, status: status), .serviceError)
            }
        }

        private func readBody() throws -> Data {
            var data = Data(body.utf8)
            if body.hasPrefix("@") {
                guard let file = FileManager.default.contents(atPath: String(body.dropFirst())) else {
                    throw fail("cannot read \(body.dropFirst())", .localProblem)
                }
                data = file
            }
            guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw fail("the body is not valid JSON", .localProblem) }
            return data
        }

        private func fail(_ message: String, _ status: ExitCode) -> ExitCode {
            FileHandle.standardError.write(Data("aftersales: \(message)\n".utf8))
            return status
        }

        /// POSTs a JSON body with a bearer token (none for the token exchange) and a key, for a mutation;
        /// the status and the answer.
        static func post(_ url: String, token: String?, idempotencyKey: String?, body: Data, timeout: Int64) async throws -> (UInt, Data) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
            return (response.status.code, Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView))
        }

        /// The error code of an error answer (`http_<status>` when the body is not an error body).
        static func errorCode(_ bytes: Data, status: UInt) -> String {
            (try? JSONSerialization.jsonObject(with: bytes) as? [String: Any])?["code"] as? String ?? "http_\(status)"
        }

        static func pretty(_ data: Data) -> String {
            guard let object = try? JSONSerialization.jsonObject(with: data),
                let text = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            else { return String(decoding: data, as: UTF8.self) }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
