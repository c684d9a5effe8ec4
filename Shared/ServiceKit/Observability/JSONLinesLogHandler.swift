import Foundation
public import Logging
import Synchronization

/// Writes each log entry as one JSON object on one line of standard output, so that log collectors can
/// parse them and `make run` can prefix them per service. Timestamps are wall-clock: logs are not business
/// time.
public struct JSONLinesLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: Sink

    /// Where lines go; shared by every copy of the handler so lines never interleave.
    public final class Sink: Sendable {
        private let write: Mutex<@Sendable (String) -> Void>
        public init(_ write: @escaping @Sendable (String) -> Void) { self.write = Mutex(write) }
        public static let standardOutput = Sink { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        func emit(_ line: String) { write.withLock { $0(line) } }
    }

    /// The request id's metadata key: Hummingbird's own, which ``RequestMiddleware`` sets to the request's
    /// one id; written as `request.id`.
    public static let requestIDKey = "hb.request.id"

    public init(label: String, sink: Sink = .standardOutput) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "ts": Self.timestamp(),
            "level": event.level.rawValue,
            "logger": label,
            "msg": event.message.description,
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged {
            let name = key == Self.requestIDKey ? "request.id" : key
            if fields[name] == nil { fields[name] = Self.plain(value) }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            let line = String(data: data, encoding: .utf8)
        else { return }
        sink.emit(line)
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// A logger for `label` at `level`, writing JSON lines.
    public static func logger(label: String, level: Logger.Level, sink: Sink = .standardOutput) -> Logger {
        var logger = Logger(label: label) { label in JSONLinesLogHandler(label: label, sink: sink) }
        logger.logLevel = level
        return logger
    }
}
