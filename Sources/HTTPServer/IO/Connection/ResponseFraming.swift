/// How one response is written: the request's version, whether the connection stays open,
/// whether the body is left out (HEAD).
struct ResponseFraming {
    var version: HTTPVersion
    var keepAlive: Bool
    var headOnly: Bool
    /// The `100 Continue` interim response (no headers, no body).
    var isContinue = false
}
