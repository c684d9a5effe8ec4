public import Configuration
public import Foundation

/// Configuration values read and checked against a registry of documented keys.
///
/// Reading is eager and total: ``init(reader:registry:)`` reads every key of the registry, so a missing or
/// malformed value stops the process at start-up with an error naming the key, rather than on the first
/// request that needs it.
public struct Settings: Sendable {
    private var values: [String: String]
    public let registry: [SettingKey]

    public init(reader: ConfigReader, registry: [SettingKey]) throws(SettingsError) {
        var values: [String: String] = [:]
        var problems: [SettingsError.Problem] = []
        for key in registry {
            let raw = reader.string(forKey: ConfigKey(key.name), isSecret: key.isSecret) ?? key.defaultValue
            guard let raw else {
                problems.append(.init(key: key, reason: "is required and has no default"))
                continue
            }
            if let reason = Self.validate(raw, as: key.kind) {
                // A validation message may quote the value: a secret's never is.
                problems.append(.init(key: key, reason: key.isSecret ? "is malformed" : reason))
                continue
            }
            values[key.name] = raw
        }
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        self.values = values
        self.registry = registry
    }

    /// Settings from environment variables (the production path).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        registry: [SettingKey]
    ) throws(SettingsError) -> Settings {
        let secrets = Set(registry.filter(\.isSecret).map(\.environmentName))
        let provider = EnvironmentVariablesProvider(
            environmentVariables: environment,
            secretsSpecifier: .specific(secrets)
        )
        return try Settings(reader: ConfigReader(provider: provider), registry: registry)
    }

    public func string(_ key: SettingKey) -> String {
        guard let value = values[key.name] else {
            preconditionFailure("setting \(key.name) is not in this service's registry")
        }
        return value
    }

    /// The value, or nil when it is empty (for optional keys whose default is "").
    public func optionalString(_ key: SettingKey) -> String? {
        let value = string(key)
        return value.isEmpty ? nil : value
    }

    public func int(_ key: SettingKey) -> Int { Int(string(key))! }

    public func bool(_ key: SettingKey) -> Bool { ["true", "1", "yes"].contains(string(key).lowercased()) }

    /// A copy with `key` set to `value` (tests, and derived settings such as the owner role for `migrate`).
    public func with(_ key: SettingKey, _ value: String) -> Settings {
        var copy = self
        copy.values[key.name] = value
        return copy
    }

    private static func validate(_ raw: String, as kind: SettingKey.Kind) -> String? {
        switch kind {
        case .string:
            return nil
        case .integer:
            return Int(raw) == nil ? "must be a whole number, got \"\(raw)\"" : nil
        case .port:
            guard let port = Int(raw), (0...65_535).contains(port) else {
                return "must be a port number from 0 to 65535, got \"\(raw)\""
            }
            return nil
        case .boolean:
            return ["true", "false", "1", "0", "yes", "no"].contains(raw.lowercased())
                ? nil : "must be true or false, got \"\(raw)\""
        case .url:
            guard let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                return "must be an http(s) URL, got \"\(raw)\""
            }
            return nil
        case .uuid:
            return UUID(uuidString: raw) == nil ? "must be a UUID, got \"\(raw)\"" : nil
        case .keySet:
            do {
                _ = try KeySet.parse(raw)
                return nil
            } catch {
                return error.description
            }
        case .symmetricKeys:
            // Never echoed: it is a secret.
            return PageTokens.keys(raw) == nil ? "must be base64 keys of at least 16 bytes each, comma-separated" : nil
        case .timeZone:
            return TimeZone(identifier: raw) == nil ? "must be an IANA time zone such as Asia/Shanghai, got \"\(raw)\"" : nil
        }
    }
}

/// Every configuration problem found at start-up, each naming its key and environment variable.
/// Secret values are never echoed.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public struct Problem: Sendable, Equatable {
        public let key: SettingKey
        public let reason: String

        public init(key: SettingKey, reason: String) {
            self.key = key
            self.reason = reason
        }
    }

    public let problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// One key at fault, for a check a service makes of its own keys at start.
    public init(_ key: SettingKey, _ reason: String) {
        self.init(problems: [Problem(key: key, reason: reason)])
    }

    public var description: String {
        let lines = problems.map { problem in
            "configuration key \(problem.key.name) (environment \(problem.key.environmentName)) \(problem.reason)"
        }
        return lines.joined(separator: "\n")
    }
}
