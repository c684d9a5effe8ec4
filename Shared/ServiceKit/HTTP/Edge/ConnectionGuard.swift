import Foundation
import HTTPTypes
import Models
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Bounds what one connection may take of the server and makes every refusal at the HTTP level an answer in
/// the flat error shape (DESIGN §4): a request's head must arrive within the header timeout of its first
/// byte and its body within the body timeout of its head, or the client gets 408 and the connection closes;
/// a request the HTTP parser refuses (an over-long or malformed header, both `Content-Length` and
/// `Transfer-Encoding`, a broken chunked body, an unknown version) gets 400 with the error body instead of
/// an empty one. Idle connections and the number of connections are bounded by the server's configuration
/// (``EdgeLimits``).
///
/// Sits after the HTTP codec (it sees request and response parts) and puts a ``FirstByteObserver`` at the
/// front of the pipeline, which tells it when a request's first bytes arrive.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        /// Between requests: nothing of the next one has arrived (the idle timeout's time).
        case waiting
        /// A request's first bytes arrived; its head has not.
        case readingHead
        /// The head arrived; the body has not ended.
        case readingBody
        /// The request arrived whole; its answer is being made or written.
        case answering
    }

    /// What becomes of the answers once the parser refused the connection's bytes.
    private enum AfterParseError {
        /// The server's own bare 400 is the only answer: it gets the error body.
        case fillNextAnswer(ErrorBody)
        /// A handler was reading the refused body: its answer goes out, then the connection closes, and the
        /// server's extra bare 400 is dropped.
        case closeAfterAnswer
    }

    private let limits: EdgeLimits
    private var phase = Phase.waiting
    private var deadline: Scheduled<Void>?
    private var afterParseError: AfterParseError?
    private var dropping = false
    private var filling: ByteBuffer?
    /// Its own place in the pipeline: answers written from here pass through the HTTP encoder.
    private var context: ChannelHandlerContext?

    init(limits: EdgeLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        try? context.pipeline.syncOperations.addHandler(FirstByteObserver(guard: self), position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    /// The first bytes of a request arrived (``FirstByteObserver``).
    func bytesArrived() {
        guard phase == .waiting else { return }
        phase = .readingHead
        schedule(limits.headerTimeout, part: "head")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            deadline?.cancel()
            phase = .readingBody
            let declared = head.headerFields[.contentLength].flatMap(Int.init) ?? 0
            if declared > 0 || head.headerFields[.transferEncoding] != nil { schedule(limits.bodyTimeout, part: "body") }
        case .end:
            deadline?.cancel()
            phase = .answering
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parserError = error as? HTTPParserError {
            deadline?.cancel()
            afterParseError = phase == .readingBody ? .closeAfterAnswer : .fillNextAnswer(Self.answer(for: parserError))
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if dropping {
            promise?.succeed()
            return
        }
        switch part {
        case .head(var head):
            if case .fillNextAnswer(let error) = afterParseError, head.status == .badRequest {
                // The server's bare 400 for what its parser refused: the same answer, with the error body.
                let body = ByteBuffer(bytes: ErrorResponse.encode(error))
                head.headerFields[.contentLength] = String(body.readableBytes)
                head.headerFields[.contentType] = "application/json"
                head.headerFields[.connection] = "close"
                filling = body
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            if afterParseError != nil { head.headerFields[.connection] = "close" }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if let body = filling {
                filling = nil
                context.write(wrapOutboundOut(.body(body)), promise: nil)
            }
            context.write(data, promise: promise)
            phase = .waiting
            if afterParseError != nil {
                // The connection's bytes are past understanding: no further answer, and it closes.
                dropping = true
                context.flush()
                context.close(promise: nil)
            }
        }
    }

    private func schedule(_ limit: TimeAmount, part: String) {
        guard let context else { return }
        deadline?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: limit) { bound.value.refuseSlowClient(part: part, limit: limit) }
    }

    /// 408 and the connection closes: the client did not send its request's `part` in time.
    private func refuseSlowClient(part: String, limit: TimeAmount) {
        guard let context, phase == .readingHead || phase == .readingBody else { return }
        let seconds = Double(limit.nanoseconds) / 1_000_000_000
        let error = ErrorBody(
            code: .deadlineExceeded,
            message: "the request's \(part) did not arrive within \(seconds.formatted()) s",
            details: [FieldViolation(field: part, reason: "arrived too slowly")]
        )
        let body = ByteBuffer(bytes: ErrorResponse.encode(error))
        var head = HTTPResponse(status: .requestTimeout)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        dropping = true
        context.close(promise: nil)
    }

    /// What the parser refused, as the client can act on it.
    static func answer(for error: HTTPParserError) -> ErrorBody {
        let (field, reason): (String, String) =
            switch error {
            case .headerOverflow: ("headers", "are too long or too many (at most 80 KiB and 1,000 fields)")
            case .invalidHeaderToken, .invalidCharactersUsed: ("headers", "hold a character a header may not hold")
            case .invalidContentLength: ("Content-Length", "is not a length")
            case .unexpectedContentLength: ("Content-Length", "must not come with Transfer-Encoding")
            case .invalidChunkSize: ("body", "is not valid chunked encoding")
            case .invalidVersion: ("request line", "must be HTTP/1.0 or HTTP/1.1")
            case .invalidMethod: ("request line", "has an unknown method")
            case .invalidURL: ("request line", "has a malformed path")
            case .invalidEOFState, .closedConnection: ("body", "ended before the declared length")
            default: ("request", "is not valid HTTP/1.1 (a malformed line, or both Content-Length and Transfer-Encoding)")
            }
        return .invalidArgument([FieldViolation(field: field, reason: reason)])
    }
}

/// At the front of a connection's pipeline: tells the ``ConnectionGuard`` when a request's first bytes
/// arrive, before the parser has made anything of them.
final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connectionGuard: ConnectionGuard

    init(guard connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connectionGuard.bytesArrived()
        context.fireChannelRead(data)
    }
}
