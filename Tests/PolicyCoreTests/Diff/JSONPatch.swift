import Foundation

@testable import PolicyCore

/// A small, strict RFC 6902 applier for the structured diff's changes (tests only):
/// `old` and `new` → replace, `new` only → add, `old` only → remove. Stricter than the
/// RFC where the diff promises more: a replaced or removed value must equal `old`, an
/// add never overwrites an object member, and list indices are numbers (never `-`).
enum JSONPatch {
    struct PatchError: Error, CustomStringConvertible {
        let description: String
    }

    static func apply(_ changes: [FieldChange], to document: DiffValue) throws -> DiffValue {
        var document = document
        for change in changes { document = try apply(change, to: document) }
        return document
    }

    static func apply(_ change: FieldChange, to document: DiffValue) throws -> DiffValue {
        let tokens = try tokens(change.path)
        return try apply(change, tokens[...], to: document)
    }

    /// The document parsed from JSON text (numbers must be integers).
    static func value(json: [UInt8]) throws -> DiffValue {
        try value(JSONSerialization.jsonObject(with: Data(json)))
    }

    static func value(_ object: Any) throws -> DiffValue {
        switch object {
        case let string as String: return .string(string)
        case let number as NSNumber: return .number(number.intValue)
        case let array as [Any]: return .array(try array.map(value))
        case let dictionary as [String: Any]: return .object(DiffObject(try dictionary.mapValues(value)))
        default: throw PatchError(description: "unexpected JSON value \(object)")
        }
    }

    private static func tokens(_ path: String) throws -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw PatchError(description: "not a pointer: \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func apply(_ change: FieldChange, _ tokens: ArraySlice<String>, to value: DiffValue) throws -> DiffValue {
        guard let token = tokens.first else {
            // The whole document (path "").
            guard let old = change.old, let new = change.new else { throw PatchError(description: "add/remove of the root") }
            guard old == value else { throw PatchError(description: "root is not the old value") }
            return new
        }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var members):
            if rest.isEmpty {
                switch (change.old, change.new) {
                case (let old?, let new):
                    guard members[token] == old else { throw PatchError(description: "\(change.path): old value differs") }
                    members[token] = new
                case (nil, let new?):
                    guard members[token] == nil else { throw PatchError(description: "\(change.path): add over a member") }
                    members[token] = new
                case (nil, nil): throw PatchError(description: "\(change.path): empty change")
                }
            } else {
                guard let child = members[token] else { throw PatchError(description: "\(change.path): no member \(token)") }
                members[token] = try apply(change, rest, to: child)
            }
            return .object(members)
        case .array(var items):
            guard let index = Int(token), String(index) == token, index >= 0 else {
                throw PatchError(description: "\(change.path): bad index \(token)")
            }
            if rest.isEmpty {
                switch (change.old, change.new) {
                case (let old?, let new):
                    guard index < items.count, items[index] == old else {
                        throw PatchError(description: "\(change.path): old item differs")
                    }
                    if let new { items[index] = new } else { items.remove(at: index) }
                case (nil, let new?):
                    guard index <= items.count else { throw PatchError(description: "\(change.path): index past the end") }
                    items.insert(new, at: index)
                case (nil, nil): throw PatchError(description: "\(change.path): empty change")
                }
            } else {
                guard index < items.count else { throw PatchError(description: "\(change.path): no item \(index)") }
                items[index] = try apply(change, rest, to: items[index])
            }
            return .array(items)
        default:
            throw PatchError(description: "\(change.path): descends into a scalar")
        }
    }
}
