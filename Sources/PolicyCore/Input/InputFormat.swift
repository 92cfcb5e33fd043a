/// The text format of an input body.
public enum InputFormat: Sendable, Hashable {
    case json
    case yaml

    /// The format for a `Content-Type` value (`application/json`, `application/yaml`,
    /// `application/x-yaml`, `text/yaml`), ignoring parameters such as `charset` and letter case;
    /// nil for anything else (HTTP 415).
    public init?(mediaType: String) {
        var essence = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        while essence.first == " " || essence.first == "\t" { essence = essence.dropFirst() }
        while essence.last == " " || essence.last == "\t" { essence = essence.dropLast() }
        switch essence.lowercased() {
        case "application/json": self = .json
        case "application/yaml", "application/x-yaml", "text/yaml": self = .yaml
        default: return nil
        }
    }

    /// JSON when the first non-whitespace byte is `{` (after an optional UTF-8 byte order mark),
    /// else YAML (which also reads most JSON).
    public static func detect(_ bytes: some Collection<UInt8>) -> InputFormat {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let first = rest.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }
}
