public import Foundation
import Models
public import OpenAPIRuntime

/// JSON as the platform writes it on the wire: compact, keys sorted (so recorded bytes do not depend on
/// dictionary order), slashes unescaped, instants through the contract runtime's RFC 3339 transcoder.
/// The generated servers are configured with the same settings (``serverConfiguration``), so an answer
/// recorded for an `Idempotency-Key` is byte for byte the answer the generated code sends.
public enum WireJSON {
    static let dateTranscoder: any DateTranscoder = WireDates()
    static let formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    /// The configuration of every generated server.
    public static let serverConfiguration = Configuration(
        dateTranscoder: dateTranscoder,
        jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]
    )

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(try dateTranscoder.encode(date))
        }
        return encoder
    }

    /// `value` as the wire writes it, with the value being spliced in this task (``JSONSplice``) in place.
    public static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let document = try encoder.encode(value)
        guard let splice = JSONSplice.judgement else { return document }
        return splice.splice(into: document)
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try dateTranscoder.decode(try decoder.singleValueContainer().decode(String.self))
        }
        return decoder
    }
}

/// The contracts' `date-time` fields: RFC 3339 in UTC, whole seconds written (as the runtime's ISO 8601
/// transcoder writes them), any RFC 3339 instant read — without a date formatter on the request path.
struct WireDates: DateTranscoder {
    func encode(_ date: Date) throws -> String { RFC3339.string(date, milliseconds: false) }

    func decode(_ text: String) throws -> Date {
        guard let date = RFC3339.date(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an RFC 3339 instant: \(text)"))
        }
        return date
    }
}
