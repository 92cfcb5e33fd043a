import Foundation

/// Types plain YAML scalars by ordered regular-expression rules, independently of PolicyCore's
/// `YAMLScalar`: the first rule whose pattern matches the whole scalar gives its tag, otherwise
/// it is a string. Quoted scalars are strings; an explicit `tag:yaml.org,2002:` tag wins.
/// The rules are those of the YAML 1.1 type repository and of the YAML 1.2 core schema, as
/// libyaml-based readers (Yams, PyYAML) apply them.
struct Resolver: Sendable {
    /// The tags a scalar can resolve to.
    enum Tag: Equatable, Sendable {
        case str, int, float, bool, null, merge, timestamp, value
        case other(String)
    }

    private let rules: [(tag: Tag, pattern: NSRegularExpression)]

    private init(_ rules: [(Tag, String)]) {
        // The patterns are fixed literals: a bad one is a bug in this file.
        self.rules = rules.map { tag, pattern in
            (tag, try! NSRegularExpression(pattern: pattern, options: []))
        }
    }

    /// The tag of a scalar: `explicit` (libyaml's tag text) if present and specific, else by the
    /// rules for a plain scalar, else `.str`.
    func tag(of text: String, plain: Bool, explicit: String?) -> Tag {
        if let explicit, explicit != "!" {
            switch explicit {
            case "tag:yaml.org,2002:str": return .str
            case "tag:yaml.org,2002:int": return .int
            case "tag:yaml.org,2002:float": return .float
            case "tag:yaml.org,2002:bool": return .bool
            case "tag:yaml.org,2002:null": return .null
            default: return .other(explicit)
            }
        }
        guard plain else { return .str }
        let range = NSRange(location: 0, length: text.utf16.count)
        for rule in rules where rule.pattern.firstMatch(in: text, options: [], range: range) != nil {
            return rule.tag
        }
        return .str
    }

    /// YAML 1.1 typing: the 1.1 type repository's bool, int, float, merge, null, timestamp and
    /// value rules (Yams' default resolver), plus the 1.1 booleans y/Y/n/N that it leaves out.
    static let yaml11 = Resolver([
        (.bool, "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
        (
            .int,
            "^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
        ),
        (
            .float,
            "^(?:[-+]?(?:[0-9][0-9_]*)(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
        ),
        (.merge, "^(?:<<)$"),
        (.null, "^(?:~|null|Null|NULL|)$"),
        (
            .timestamp,
            "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                + "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"
        ),
        (.value, "^(?:=)$"),
        (.bool, "^(?:y|Y|n|N)$"),
    ])

    /// YAML 1.2 core schema typing.
    static let yaml12Core = Resolver([
        (.null, "^(?:~|null|Null|NULL|)$"),
        (.bool, "^(?:true|True|TRUE|false|False|FALSE)$"),
        (.int, "^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        (
            .float,
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
        ),
    ])
}
