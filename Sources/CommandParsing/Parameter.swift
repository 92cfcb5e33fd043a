/// An option, flag or positional argument a command declares (``Option``, ``ListOption``,
/// ``Flag``, ``InvertibleFlag``, ``Argument``); its values are read from ``ParsedValues``.
public protocol Parameter: Sendable {
    /// What the parser and the help need to know of it.
    var spec: ParameterSpec { get }
}
