extension Substring {
    /// The text without leading and trailing optional whitespace (OWS: SP and HTAB, RFC 9110
    /// §5.6.3), e.g. for the elements of a comma-separated field value.
    public func trimmingOWS() -> Substring {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { $0 != ASCII.space && $0 != ASCII.tab }),
            let last = utf8.lastIndex(where: { $0 != ASCII.space && $0 != ASCII.tab })
        else { return "" }
        return self[first...last]
    }
}
