/// Work a handler leaves for after its response is written — an access log line, request
/// metrics — so that it is not on the path between a request and its response's bytes.
/// Subclass it and override ``run()``.
///
/// The server runs a response's epilogue right after the connection's next write attempt
/// following the response's encoding (complete or not; none when the socket's buffer is still
/// full from before, so the response may then still be waiting), or when the connection ends
/// before that. A caller of `Router.handle` outside a server runs it itself when done with the
/// response. Responses of deferred work may carry one too; it runs the same way.
///
/// A class rather than a protocol: a response holds it in one word (an existential of two
/// words made the optimizer copy responses it moved before).
open class ResponseEpilogue: @unchecked Sendable {
    public init() {}

    /// Does the work; called once.
    open func run() {}
}
