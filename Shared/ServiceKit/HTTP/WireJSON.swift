public import Foundation
public import OpenAPIRuntime

/// JSON as the platform writes it on the wire: compact, keys sorted (so recorded bytes do not depend on
/// dictionary order), slashes unescaped, instants through the contract runtime's RFC 3339 transcoder.
/// The generated servers are configured with the same settings (``serverConfiguration``), so an answer
/// recorded for an `Idempotency-Key` is byte for byte the answer the generated code sends.
public enum WireJSON {
    static let dateTranscoder: any DateTranscoder = .iso8601
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

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try dateTranscoder.decode(try decoder.singleValueContainer().decode(String.self))
        }
        return decoder
    }
}
