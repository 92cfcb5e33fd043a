/// One page of a keyset-paginated listing.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in listing order.
    public var items: [Item]
    /// Opaque cursor of the next page; `nil` on the last page (a last page is never empty,
    /// except the only page of an empty listing).
    public var nextCursor: String?

    /// Creates a value from its fields (for stores and test doubles).
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}
