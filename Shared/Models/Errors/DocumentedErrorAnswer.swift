/// An operation's output that answers an ``ErrorBody`` as the operation's documented error answer (the
/// `default` response every operation of our contracts declares). The contract plugin emits the conformance
/// of every operation from its `openapi.yaml`; a handler never writes one.
public protocol DocumentedErrorAnswer {
    static func failure(_ error: ErrorBody) -> Self
}
