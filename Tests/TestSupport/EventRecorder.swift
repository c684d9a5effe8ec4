import Foundation
import Hummingbird
import Synchronization

/// A test subscriber: an HTTP server on a loopback port that answers `EventSink/Deliver` like a service
/// would (2xx, every envelope applied) and keeps every envelope it was sent, as JSON, in arrival order.
/// Point a producer's `SERVICES_<NAME>_URL` at it to see exactly what that subscriber receives.
public final class EventRecorder: Sendable {
    public let port: Int
    private let received: Mutex<[Data]>
    private let task: Mutex<Task<Void, any Error>?>

    private init(port: Int) {
        self.port = port
        self.received = Mutex([])
        self.task = Mutex(nil)
    }

    /// Starts listening on a free port and waits until it answers.
    public static func start() async throws -> EventRecorder {
        let recorder = EventRecorder(port: FreePort.next())
        let router = Router()
        router.post("/aftersales.platform.v1.EventSink/Deliver") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            let events = object?["events"] as? [[String: Any]] ?? []
            let texts = try events.map { try JSONSerialization.data(withJSONObject: $0) }
            recorder.received.withLock { $0.append(contentsOf: texts) }
            let receipt = #"{"applied":\#(events.count),"duplicates":0,"ignored":0}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: receipt)))
        }
        router.get("/readyz") { _, _ in "ok" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: recorder.port)))
        recorder.task.withLock { $0 = Task { try await app.runService() } }
        try await Readiness.wait(port: recorder.port, timeout: .seconds(10))
        return recorder
    }

    /// The envelopes received so far, in arrival order.
    public var envelopes: [[String: Any]] {
        received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// The envelopes of `type`.
    public func envelopes(of type: String) -> [[String: Any]] { envelopes.filter { $0["type"] as? String == type } }

    public func stop() {
        task.withLock { $0?.cancel() }
    }
}

extension Data {
    fileprivate init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
