import ArgumentParser
import Foundation
import Models
import ServiceKit

extension Aftersales {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an access token signed with an operator key.",
            discussion: "Prints the JWT. Example: aftersales token --key keys/operator-1.pem --tenant <uuid> --roles tenant_admin"
        )

        @Option(help: "The operator's private key (PEM), as `keys generate` wrote it.") var key: String
        @Option(help: "Key id; defaults to the key file's name without .pem.") var kid: String?
        @Option(help: "Tenant (UUID); omit only for service or platform_operator tokens.") var tenant: String?
        @Option(help: "Roles, comma-separated (\(Role.allCases.map(\.rawValue).joined(separator: ", "))).") var roles: String
        @Option(help: "Merchant (UUID), for merchant tokens.") var merchant: String?
        @Option(help: "Subject: who the token speaks for (a person, an integration); idempotency keys are scoped to it.") var subject: String
        @Option(help: "Lifetime in seconds.") var lifetime: Int = 3600
        @Option(help: "Issuer (iss).") var issuer: String = TokenIssuer.defaultIssuer

        func validate() throws {
            if let tenant, TenantID(tenant) == nil { throw ValidationError("--tenant must be a UUID") }
            if let merchant, UUID(uuidString: merchant) == nil { throw ValidationError("--merchant must be a UUID") }
            let unknown = parsedRoles.unknown
            if !unknown.isEmpty { throw ValidationError("unknown roles: \(unknown.joined(separator: ", "))") }
            if lifetime <= 0 { throw ValidationError("--lifetime must be positive") }
        }

        var parsedRoles: (known: [Role], unknown: [String]) {
            let names = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return (names.compactMap(Role.init(rawValue:)), names.filter { Role(rawValue: $0) == nil })
        }

        func run() async throws {
            let pem: String
            do {
                pem = try String(contentsOfFile: key, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("aftersales: cannot read \(key)\n".utf8))
                throw ExitStatus.localProblem
            }
            let keyID = kid ?? URL(fileURLWithPath: key).deletingPathExtension().lastPathComponent
            let issuer = try TokenIssuer(privateKeyPEM: pem, keyID: keyID, issuer: self.issuer)
            print(
                try await issuer.issue(
                    subject: subject,
                    tenant: tenant.flatMap(TenantID.init),
                    roles: parsedRoles.known,
                    merchant: merchant.flatMap { UUID(uuidString: $0) },
                    lifetime: .seconds(lifetime)
                )
            )
        }
    }
}
