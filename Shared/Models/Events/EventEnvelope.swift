public import Foundation

/// What a subject an event is about: a case, a return request, a repair order… (`kind`) and its id.
/// Subscribers apply the events of one subject in the order they were committed.
public struct EventSubject: Sendable, Hashable, Codable {
    public let kind: String
    public let id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// The envelope every event travels in, between services and to partners' webhooks (DESIGN §9):
/// `{"id","type","schemaVersion","tenantId","subject":{"kind","id"},"occurredAt","producer","data"}`.
///
/// `data` is one payload type of the ``EventCatalog``; `occurredAt` comes from the producer's business clock.
public struct EventEnvelope<Payload: EventPayload>: Sendable {
    public let id: UUID
    public let tenantID: TenantID
    public let subject: EventSubject
    public let occurredAt: Date
    public let producer: String
    public let data: Payload

    public init(id: UUID, tenantID: TenantID, subject: EventSubject, occurredAt: Date, producer: String, data: Payload) {
        self.id = id
        self.tenantID = tenantID
        self.subject = subject
        self.occurredAt = occurredAt
        self.producer = producer
        self.data = data
    }

    public var type: String { Payload.type }
    public var schemaVersion: Int { Payload.schemaVersion }
}

enum EnvelopeKeys: String, CodingKey {
    case id, type, schemaVersion, tenantId, subject, occurredAt, producer, data
}

extension EventEnvelope: Codable {
    public init(from decoder: any Decoder) throws {
        let header = try EventHeader(from: decoder)
        guard header.type == Payload.type, header.schemaVersion == Payload.schemaVersion else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an envelope of \(header.type) v\(header.schemaVersion), not \(Payload.type) v\(Payload.schemaVersion)"
                )
            )
        }
        let container = try decoder.container(keyedBy: EnvelopeKeys.self)
        self.init(
            id: header.id,
            tenantID: header.tenantID,
            subject: header.subject,
            occurredAt: header.occurredAt,
            producer: header.producer,
            data: try container.decode(Payload.self, forKey: .data)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKeys.self)
        try container.encode(id.wireText, forKey: .id)
        try container.encode(Payload.type, forKey: .type)
        try container.encode(Payload.schemaVersion, forKey: .schemaVersion)
        try container.encode(tenantID, forKey: .tenantId)
        try container.encode(subject, forKey: .subject)
        try container.encode(RFC3339.string(occurredAt), forKey: .occurredAt)
        try container.encode(producer, forKey: .producer)
        try container.encode(data, forKey: .data)
    }
}

/// Everything of an envelope but its data: what a relay and an inbox need, whatever the type.
public struct EventHeader: Sendable, Hashable, Codable {
    public let id: UUID
    public let type: String
    public let schemaVersion: Int
    public let tenantID: TenantID
    public let subject: EventSubject
    public let occurredAt: Date
    public let producer: String

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKeys.self)
        id = try container.decodeWireUUID(forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        tenantID = try container.decode(TenantID.self, forKey: .tenantId)
        subject = try container.decode(EventSubject.self, forKey: .subject)
        occurredAt = try container.decodeRFC3339(forKey: .occurredAt)
        producer = try container.decode(String.self, forKey: .producer)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKeys.self)
        try container.encode(id.wireText, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(tenantID, forKey: .tenantId)
        try container.encode(subject, forKey: .subject)
        try container.encode(RFC3339.string(occurredAt), forKey: .occurredAt)
        try container.encode(producer, forKey: .producer)
    }
}

/// One envelope as a consumer receives it: the header, and the data decoded with the catalog's type for
/// its type and version — nil for a type or version this build does not know (acknowledged, not applied).
///
/// The platform contract maps its `EventEnvelope` schema to this type, so `EventSink/Deliver` decodes each
/// payload once, straight into the catalog's type. Two events are equal when their headers are (an event id
/// names one event); encoding one of an unknown type writes `"data": null`.
public struct IncomingEvent: Sendable, Codable, Hashable {
    public let header: EventHeader
    public let payload: (any EventPayload)?

    public init(from decoder: any Decoder) throws {
        header = try EventHeader(from: decoder)
        let container = try decoder.container(keyedBy: EnvelopeKeys.self)
        guard let payloadType = EventCatalog.payloadType(header.type, version: header.schemaVersion) else {
            // Not applied, but still an envelope: its data is an object, whatever the type.
            _ = try container.nestedContainer(keyedBy: AnyKey.self, forKey: .data)
            payload = nil
            return
        }
        payload = try Self.decode(payloadType, from: container)
    }

    /// Any key of an object whose keys are not known here.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static func decode<P: EventPayload>(_ type: P.Type, from container: KeyedDecodingContainer<EnvelopeKeys>) throws -> P {
        try container.decode(P.self, forKey: .data)
    }

    /// The payload as `P`, when the event is one.
    public func payload<P: EventPayload>(as type: P.Type) -> P? { payload as? P }

    public func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        var container = encoder.container(keyedBy: EnvelopeKeys.self)
        if let payload {
            try payload.encode(to: container.superEncoder(forKey: .data))
        } else {
            try container.encodeNil(forKey: .data)
        }
    }

    public static func == (lhs: IncomingEvent, rhs: IncomingEvent) -> Bool { lhs.header == rhs.header }
    public func hash(into hasher: inout Hasher) { hasher.combine(header) }
}
