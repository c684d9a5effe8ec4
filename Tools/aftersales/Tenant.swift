import ArgumentParser
import Foundation
import Models
import ServiceKit

extension Aftersales {
    struct Tenant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Provision tenants at Intake.",
            subcommands: [Create.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a tenant with its settings and a preset policy; prints its id and a first tenant-admin token.",
                discussion: """
                    Signs a platform_operator token with the operator key, calls IntakeService/CreateTenant, then signs the \
                    tenant-admin token with the same key. Example: aftersales tenant create --key keys/operator-1.pem \
                    --name 华强电脑城 --preset computer_mall --holidays 2026-10-01,2026-10-02 --make-up-days 2026-09-27
                    """
            )

            @Option(help: "The operator's private key (PEM), as `keys generate` wrote it.") var key: String
            @Option(help: "The tenant's name.") var name: String
            @Option(help: "The preset policy (\(RuleFamily.allCases.map(\.rawValue).joined(separator: ", "))).") var preset: String
            @Option(help: "IANA time zone.") var timeZone: String = BusinessCalendar.defaultTimeZoneIdentifier
            @Option(help: "Holidays, comma-separated YYYY-MM-DD.") var holidays: String = ""
            @Option(help: "调休 make-up working days (weekend days), comma-separated YYYY-MM-DD.") var makeUpDays: String = ""
            @Option(help: "The tenant's id (UUID); a new one when omitted. Give it to retry safely.") var tenant: String?
            @Option(help: "Subject of the printed tenant-admin token.") var adminSubject: String = "tenant-admin"
            @Option(help: "Lifetime of the printed token, in seconds.") var lifetime: Int = 3600
            @Option(help: "Intake's base URL (default: $AFTERSALES_INTAKE_URL, else make run's port).") var url: String?
            @Option(help: "Seconds to wait for Intake.") var timeout: Int64 = 30

            func validate() throws {
                if RuleFamily(rawValue: preset) == nil { throw ValidationError("unknown preset \(preset)") }
                if let tenant, TenantID(tenant) == nil { throw ValidationError("--tenant must be a UUID") }
                if lifetime <= 0 { throw ValidationError("--lifetime must be positive") }
                for day in Self.days(holidays) + Self.days(makeUpDays) where LocalDate(iso: day) == nil {
                    throw ValidationError("\(day) is not a YYYY-MM-DD date")
                }
            }

            static func days(_ list: String) -> [String] {
                list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }

            /// The calendar years the listed days fall in.
            var calendarYears: [[String: Any]] {
                let holidayDays = Self.days(holidays).compactMap { LocalDate(iso: $0) }
                let makeUp = Self.days(makeUpDays).compactMap { LocalDate(iso: $0) }
                return Set((holidayDays + makeUp).map(\.year)).sorted().map { year in
                    [
                        "year": year, "holidays": holidayDays.filter { $0.year == year }.map(\.description),
                        "makeUpWorkingDays": makeUp.filter { $0.year == year }.map(\.description),
                    ]
                }
            }

            func run() async throws {
                let pem: String
                do {
                    pem = try String(contentsOfFile: key, encoding: .utf8)
                } catch {
                    throw fail("cannot read \(key)", .localProblem)
                }
                let keyID = URL(fileURLWithPath: key).deletingPathExtension().lastPathComponent
                let issuer = try TokenIssuer(privateKeyPEM: pem, keyID: keyID)
                let tenantID = tenant.flatMap(TenantID.init) ?? TenantID(UUID())
                let operatorToken = try await issuer.issue(
                    subject: "cli-operator",
                    tenant: nil,
                    roles: [.platformOperator],
                    merchant: nil,
                    lifetime: .seconds(300)
                )
                guard let base = url ?? ServiceDirectory.baseURL(of: "intake") else { throw fail("no address for intake", .localProblem) }
                let body: [String: Any] = [
                    "tenantId": tenantID.uuid.wireText, "preset": preset,
                    "settings": ["name": name, "timeZone": timeZone, "calendarYears": calendarYears],
                ]
                let bytes = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
                // The same command retried replays; another command for the same tenant meets already_exists.
                let key = "tenant-create-\(tenantID.uuid.wireText)-\(Self.fingerprint(bytes))"
                let (status, answer): (UInt, Data)
                do {
                    (status, answer) = try await Call.post(
                        base + "/aftersales.intake.v1.IntakeService/CreateTenant",
                        token: operatorToken,
                        idempotencyKey: key,
                        body: bytes,
                        timeout: timeout
                    )
                } catch {
                    throw fail("\(base) did not answer: \(error)", .unreachable)
                }
                guard status < 300 else {
                    print(Call.pretty(answer))
                    throw fail(Call.errorCode(answer, status: status), .serviceError)
                }
                let adminToken = try await issuer.issue(
                    subject: adminSubject,
                    tenant: tenantID,
                    roles: [.tenantAdmin],
                    merchant: nil,
                    lifetime: .seconds(lifetime)
                )
                let printed: [String: Any] = ["tenantId": tenantID.uuid.wireText, "preset": preset, "adminToken": adminToken]
                print(Call.pretty(try JSONSerialization.data(withJSONObject: printed)))
            }

            /// FNV-1a of the body, hex: stable across runs, unlike `Hasher`.
            static func fingerprint(_ bytes: Data) -> String {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in bytes {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x100_0000_01b3
                }
                return String(hash, radix: 16)
            }

            private func fail(_ message: String, _ status: ExitCode) -> ExitCode {
                FileHandle.standardError.write(Data("aftersales: \(message)\n".utf8))
                return status
            }
        }
    }
}
