import Foundation
import IntakeAPI
import Models
import OpenAPIRuntime
import ServiceKit

extension Components.Schemas.TimelineEntry {
    init(_ entry: TimelineEntry) throws {
        let data = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(entry.data.utf8))
        self.init(
            eventId: entry.eventID.wire,
            _type: entry.type,
            occurredAt: entry.occurredAt,
            service: entry.producer,
            actorRole: entry.actorRole,
            visibility: .init(rawValue: entry.visibility.rawValue)!,
            merchantId: entry.merchantID?.wire,
            dueAt: entry.dueAt,
            data: data
        )
    }
}
