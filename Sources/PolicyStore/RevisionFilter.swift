/// Which revisions a history listing returns (`GET …/revisions?author=&since=&until=`).
public struct RevisionFilter: Sendable, Hashable {
    /// Only revisions by exactly this author.
    public var author: String?
    /// Only revisions created at or after this time (milliseconds since the epoch).
    public var since: Int64?
    /// Only revisions created at or before this time (milliseconds since the epoch).
    public var until: Int64?

    /// Every revision.
    public static let all = RevisionFilter()

    public init(author: String? = nil, since: Int64? = nil, until: Int64? = nil) {
        self.author = author
        self.since = since
        self.until = until
    }
}
