/// Why a tokens file was refused: where (line, or entry and JSON Pointer) and what, never a
/// value from the file.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    /// The explanation, safe to log.
    public let message: String

    public var description: String { message }
}
