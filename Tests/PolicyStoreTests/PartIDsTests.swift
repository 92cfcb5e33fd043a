import XCTest

@testable import PolicyStore

/// A revision's parts list read for some of its documents: the kept documents' ids as the
/// whole list has them, the others empty, and the whole list checked either way.
final class PartIDsTests: StoreTestCase {
    private func read(_ text: String, keeping documents: RevisionDocuments) throws -> PartIDs? {
        let database = try Database(path: databasePath, mode: .writer)
        return try database.first("SELECT ?", [Array(text.utf8)]) { row throws(SQLiteError) in
            try PartsList.ids(of: documents, in: row, column: 0, revision: 7)
        }
    }

    func testKeepsTheSelectedDocumentsIds() throws {
        let lists: [[Int64]] = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
        let text = PartsList.json(lists)
        for documents: RevisionDocuments in [[], .warnings, .inputs, .policies, [.inputs, .warnings], [.policies, .warnings], .all] {
            let parts = try XCTUnwrap(read(text, keeping: documents))
            for (index, kept) in [RevisionDocuments.warnings, .inputs, .policies].enumerated() {
                XCTAssertEqual(parts.keeps(index), documents.contains(kept))
                XCTAssertEqual(parts.positions(of: index).map { parts[$0] }, documents.contains(kept) ? lists[index] : [], "\(documents) \(index)")
            }
        }
        // More ids than are held in place.
        let long: [[Int64]] = [Array(1...3), Array(4...20), Array(21...60)]
        for documents: RevisionDocuments in [.inputs, .policies, [.inputs, .warnings], .all] {
            let parts = try XCTUnwrap(read(PartsList.json(long), keeping: documents))
            for (index, kept) in [RevisionDocuments.warnings, .inputs, .policies].enumerated() {
                XCTAssertEqual(parts.positions(of: index).map { parts[$0] }, documents.contains(kept) ? long[index] : [])
            }
            XCTAssertEqual(Array(parts), [0, 1, 2].flatMap { documents.contains([.warnings, .inputs, .policies][$0]) ? long[$0] : [] })
        }
        let empty = try XCTUnwrap(read("[[],[1,2],[]]", keeping: .all))
        XCTAssertEqual([0, 1, 2].map { empty.positions(of: $0).map { empty[$0] } }, [[], [1, 2], []])
    }

    func testRefusesMalformedListsWhicheverDocumentsAreKept() throws {
        for text in ["[[1,2],[3,4]]", "[[1,2],[3,4],[5,6],[7]]", "[[1,2],[3,4],[5,x]]", "[[1,2],[3,4],[5,6]"] {
            for documents: RevisionDocuments in [.warnings, [.inputs, .warnings], .all] {
                XCTAssertThrowsError(try read(text, keeping: documents), "\(text) \(documents)") { error in
                    XCTAssertEqual((error as? SQLiteError)?.message, "revision 7 has a malformed parts list")
                }
            }
        }
    }
}
