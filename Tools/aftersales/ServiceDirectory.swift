import Foundation
import Models

/// Where each service listens: `AFTERSALES_<SERVICE>_URL` when set, else `make run`'s port on 127.0.0.1
/// (``PlatformDirectory``).
enum ServiceDirectory {
    /// The service (`intake`) and the operation's path for `IntakeService/CreateCase` or the full
    /// `/aftersales.intake.v1.IntakeService/CreateCase`; nil when neither names a service of the platform.
    static func resolve(_ operation: String) -> (service: String, path: String)? {
        let parts = operation.split(separator: "/").map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        let service = PlatformDirectory.services.first { service in
            parts[0] == service.contractName || "/" + parts[0] == service.operationPrefix
        }
        guard let service else { return nil }
        return (service.name, "\(service.operationPrefix)/\(parts[1])")
    }

    static func baseURL(of service: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let configured = environment["AFTERSALES_\(service.uppercased())_URL"], !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        return PlatformDirectory.service(named: service)?.localURL
    }
}
