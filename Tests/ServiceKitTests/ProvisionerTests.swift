import Foundation
import Logging
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// `provision` creates the three roles and the database, idempotently, and sets the role passwords a
/// deployment configures (quoted by PostgreSQL, whatever characters they hold).
@Suite struct ProvisionerTests {
    let logger = Logger(label: "provisioner-test")

    @Test func provisioningSetsPasswordsAndCanRunTwice() async throws {
        let service = "pw\(UUID().uuidString.prefix(6).lowercased())"
        let roles = DatabaseRoles(service: service)
        let probe = TestDatabase(name: service, service: service, port: TestEnvironment.postgresPort)
        var admin = probe.configuration(user: "postgres", database: "postgres")
        admin.database = service
        let passwords = [roles.owner: "owner-secret", roles.app: "it's \"quoted\"; DROP ROLE x", roles.worker: "w0rker"]
        let provisioner = Provisioner(roles: roles, database: service, passwords: passwords)
        try await provisioner.run(admin: admin, logger: logger)
        try await provisioner.run(admin: admin, logger: logger)

        try await probe.admin { client in
            let rows = try await client.query(
                """
                SELECT rolname::text, rolpassword, rolcanlogin, rolbypassrls FROM pg_authid
                WHERE rolname LIKE \(service + "\\_%") ORDER BY rolname
                """,
                logger: logger
            )
            var seen: [String: String?] = [:]
            var definer: (login: Bool, bypassesPolicies: Bool)?
            for try await (role, hash, login, bypass) in rows.decode((String, String?, Bool, Bool).self) {
                if role == roles.definer { definer = (login, bypass) } else { seen[role] = hash }
            }
            #expect(Set(seen.keys) == [roles.owner, roles.app, roles.worker])
            #expect(seen.values.allSatisfy { $0?.hasPrefix("SCRAM-SHA-256$") == true }, "\(seen)")
            #expect(definer?.login == false && definer?.bypassesPolicies == true, "the views' owner: no login, no password")
            let databases = try await client.query("SELECT datname::text FROM pg_database WHERE datname = \(service)", logger: logger)
            var found = false
            for try await _ in databases.decode(String.self) { found = true }
            #expect(found)
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE \"\(service)\" WITH (FORCE)"), logger: logger)
        }
    }
}
