/// How SQLite stores a revision's object ids (migrations/sqlite/0006): one JSON array of three
/// arrays, the ids of the warnings', inputs' and policies' parts in ``DocumentParts/parts``
/// order, e.g. `[[1,2],[3,4,5],[6,7,8]]`. SQLite's `json_each` joins on it, so a revision and the
/// bodies of its parts are read in one statement (``Database/documents(_:_:firstColumn:count:header:)``).
enum PartsList {
    /// The `parts` value of a revision whose documents are stored as `documents`.
    static func json(_ documents: [[Int64]]) -> String {
        var text = "["
        for (index, ids) in documents.enumerated() {
            if index > 0 { text += "," }
            text += "["
            for (position, id) in ids.enumerated() {
                if position > 0 { text += "," }
                text += String(id)
            }
            text += "]"
        }
        return text + "]"
    }
}
