import Glibc

/// The text of an `errno` value, e.g. "Address already in use".
func errnoDescription(_ code: Int32) -> String {
    String(cString: strerror(code))
}
