/// A type whose values an option's text names: text itself, an integer, or an enumeration of
/// named values (a `String`-backed `CaseIterable` enum conforms by declaring the conformance).
public protocol ArgumentValue: Sendable {
    /// The value `text` names; nil when it names none.
    init?(argument text: String)
    /// What a valid text is, for the message about an invalid one ("an integer").
    static var expectation: String { get }
    /// Every valid text, for the help, when they are a closed set; else empty.
    static var allowedValues: [String] { get }
    /// The text that names this value, for the help's "default:"; nil when it names none.
    var argumentText: String? { get }
}

extension ArgumentValue {
    public static var allowedValues: [String] { [] }
}

extension String: ArgumentValue {
    public init?(argument text: String) { self = text }
    public static var expectation: String { "text" }
    public var argumentText: String? { self }
}

extension Int: ArgumentValue {
    public init?(argument text: String) { self.init(text) }
    public static var expectation: String { "an integer" }
    public var argumentText: String? { String(self) }
}

extension ArgumentValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    public init?(argument text: String) { self.init(rawValue: text) }
    public static var expectation: String { "one of " + allowedValues.joined(separator: ", ") }
    public static var allowedValues: [String] { allCases.map(\.rawValue) }
    public var argumentText: String? { rawValue }
}

/// An option that may be absent: its value type is optional, and its default is `nil`.
extension Optional: ArgumentValue where Wrapped: ArgumentValue {
    public init?(argument text: String) {
        guard let value = Wrapped(argument: text) else { return nil }
        self = .some(value)
    }
    public static var expectation: String { Wrapped.expectation }
    public static var allowedValues: [String] { Wrapped.allowedValues }
    public var argumentText: String? { self?.argumentText }
}
