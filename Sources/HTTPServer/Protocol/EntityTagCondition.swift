/// The value of an `If-Match` or `If-None-Match` field (RFC 9110 §13.1.1, §13.1.2): all its
/// field lines combined into one list.
///
/// ```swift
/// switch EntityTagCondition(fieldValues: request.headers.values("If-Match")) { … }
/// ```
/// `HTTPConditional` evaluates the two preconditions against a current entity-tag; a service
/// that checks them elsewhere too (inside a write transaction) reads the field with this.
public enum EntityTagCondition: Sendable, Equatable {
    /// The field is not present.
    case absent
    /// `*`.
    case any
    /// Neither `*` nor a list of entity-tags.
    case malformed
    /// The listed entity-tags, in order.
    case tags([EntityTag])

    /// The condition the field lines `fieldValues` state (`HTTPHeaders.values(_:)`).
    public init(fieldValues: [String]) {
        if fieldValues.isEmpty {
            self = .absent
            return
        }
        let combined = fieldValues.count == 1 ? fieldValues[0] : fieldValues.joined(separator: ",")
        let trimmed = Substring(combined).trimmingOWS()
        if trimmed == "*" {
            self = .any
        } else if let tags = EntityTag.list(trimmed) {
            self = .tags(tags)
        } else {
            self = .malformed
        }
    }
}
