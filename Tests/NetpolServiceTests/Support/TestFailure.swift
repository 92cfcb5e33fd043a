/// A live test's set-up or wait that failed (the server did not start, a file could not be read).
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
