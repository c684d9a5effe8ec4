import Foundation

/// Where each service listens: `AFTERSALES_<SERVICE>_URL` when set, else `make run`'s ports on 127.0.0.1.
enum ServiceDirectory {
    static let defaultPorts = ["intake": 8081, "dispatch": 8082, "returns": 8083, "repairs": 8084, "parts": 8085, "notifications": 8086]

    /// The service (`intake`) and the operation's path for `IntakeService/CreateCase` or the full
    /// `/aftersales.intake.v1.IntakeService/CreateCase`; nil when neither.
    static func resolve(_ operation: String) -> (service: String, path: String)? {
        let parts = operation.split(separator: "/").map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        var qualified = parts[0]
        if !qualified.hasPrefix("aftersales.") {
            guard qualified.hasSuffix("Service"), qualified.count > "Service".count else { return nil }
            let service = qualified.dropLast("Service".count).lowercased()
            qualified = "aftersales.\(service).v1.\(qualified)"
        }
        let segments = qualified.split(separator: ".")
        guard segments.count == 4, segments[0] == "aftersales", segments[2] == "v1" else { return nil }
        return (String(segments[1]), "/\(qualified)/\(parts[1])")
    }

    static func baseURL(of service: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let configured = environment["AFTERSALES_\(service.uppercased())_URL"], !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        return defaultPorts[service].map { "http://127.0.0.1:\($0)" }
    }
}
