import SystemSupport

/// The rule for the names of tokens and of the users a token acts for (the tokens file,
/// `Impersonate-User`, `lokinetpol token`): 1–128 bytes of `A-Z a-z 0-9 . _ @ : + -`.
public enum PrincipalName {
    /// Whether `text` is such a name.
    public static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy(characters.contains)
    }

    private static let characters = ASCIISet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@:+-")
}
