import CommandParsing
import Glibc
import NetpolService
import PolicyCore

/// `lokinetpol token new|hash`: make bearer tokens for the tokens file.
enum TokenCommand: Command {
    static var spec: CommandSpec {
        CommandSpec(
            name: "token", abstract: "Make bearer tokens for the tokens file (serve --tokens).",
            subcommands: [NewToken.self, HashToken.self])
    }

    /// `token new NAME`: a fresh secret (printed once) and its tokens-file entry.
    struct NewToken: RunnableCommand {
        static var spec: CommandSpec {
            CommandSpec(
                name: "new",
                abstract: "Print a fresh random secret (once) and the tokens-file entry holding its SHA-256.",
                discussion: """
                    The secret (256 bits from the operating system, as `lnp_` and 43 base64url characters) \
                    is printed on the first line and nowhere else: hand it to the caller. The entry that \
                    follows goes under `tokens:` in the tokens file; it holds only the secret's hash.
                    """,
                parameters: [Parameters.name, Parameters.scopes, Parameters.namespaces])
        }

        /// The declarations, read by ``init(_:)``.
        enum Parameters {
            static let name = Argument(
                "name", help: "The token's name, recorded as the author of its writes (A-Z a-z 0-9 . _ @ : + -).")
            static let scopes = ListOption<String>(
                "scopes", help: "Scopes: read, write, impersonate (several, or comma-separated).", default: ["read"],
                upToNextOption: true)
            static let namespaces = ListOption<String>(
                "namespaces", help: "Namespaces the token may touch, or '*' (several, or comma-separated).",
                default: ["*"], upToNextOption: true)
        }

        let name: String
        /// The scopes and namespaces, comma-separated ones split.
        let scopes: [String]
        let namespaces: [String]

        init(_ values: ParsedValues) throws(UsageError) {
            name = values.value(of: Parameters.name)
            guard PrincipalName.isValid(name) else {
                throw .invalid("NAME must be 1–128 characters of A-Z a-z 0-9 . _ @ : + -")
            }
            scopes = try values.values(of: Parameters.scopes).flatMap { $0.split(separator: ",").map(String.init) }
            let known = ["read", "write", "impersonate"]
            for scope in scopes where !known.contains(scope) {
                throw .invalid("--scopes takes read, write, impersonate (got '\(scope)')")
            }
            namespaces = try values.values(of: Parameters.namespaces).flatMap { $0.split(separator: ",").map(String.init) }
        }

        func run() throws(ExitCode) {
            var random = [UInt8](repeating: 0, count: 32)
            guard TokenText.fillRandom(&random) else {
                CommandIO.writeError("error: the operating system gave no random bytes (/dev/urandom could not be read)")
                throw ExitCode(2)
            }
            let secret = "lnp_" + TokenText.base64URL(random)
            let quoted = namespaces.map { "\"\($0)\"" }.joined(separator: ", ")
            print(
                """
                \(secret)
                # ^ the secret, shown only now. Tokens-file entry (under `tokens:`):
                  - name: \(name)
                    sha256: \(SHA256Digest.hex(Array(secret.utf8)))
                    scopes: [\(scopes.joined(separator: ", "))]
                    namespaces: [\(quoted)]
                """)
        }
    }

    /// `token hash`: the SHA-256 of a secret read on standard input.
    struct HashToken: RunnableCommand {
        static var spec: CommandSpec {
            CommandSpec(
                name: "hash",
                abstract: "Read a secret on standard input and print its SHA-256 (the tokens file's sha256).",
                discussion: "Trailing spaces and line breaks are not part of the secret.")
        }

        init(_ values: ParsedValues) {}

        func run() throws(ExitCode) {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                bytes += chunk[0..<count]
                if bytes.count > 65536 { throw failure("a secret is at most 64 KiB") }
            }
            while let last = bytes.last, [0x0a, 0x0d, 0x20, 0x09].contains(last) { bytes.removeLast() }
            guard !bytes.isEmpty else { throw failure("no secret on standard input") }
            print(SHA256Digest.hex(bytes))
        }

        /// Says `message` on standard error; the exit status 2 to throw.
        private func failure(_ message: String) -> ExitCode {
            CommandIO.writeError("error: " + message)
            return ExitCode(2)
        }
    }
}

/// Text helpers of the token command.
enum TokenText {
    /// Fills `bytes` from the kernel's CSPRNG (`/dev/urandom`).
    static func fillRandom(_ bytes: inout [UInt8]) -> Bool {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            filled += count
        }
        return true
    }

    /// Unpadded base64url (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(n >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
