// swift-tools-version:6.0
import PackageDescription

// Idle RSS (issue 9; BENCHMARKS.md, "Memory and start-up"): the code `lokinetpol serve` runs at start
// and for its first requests is laid out together at the front of the executable's text, so an idle
// server has fewer of its pages resident. Each function of these targets gets its own section (to be
// movable), and lld places the functions listed in Sources/lokinetpol/start-up.order (written by
// bench/start-up-order.py; names that no longer exist are skipped) first. PolicyCore, a library
// product, and SystemSupport, which it depends on, keep no unsafe flags, so that other packages can
// still depend on PolicyCore. The linker is Sources/lokinetpol/ld-as-needed (lld with --as-needed
// ahead of the libraries), so that libraries only autolinked (_StringProcessing, _RegexParser) are
// not loaded.
let functionSections: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-function-sections"])]
// The event loop and its connections (HTTPServer) are one thread's objects whose state is class
// properties: every access to one was checked for exclusivity at run time (swift_beginAccess,
// a thread-local access set), ~2,200 instructions per keep-alive request (BENCHMARKS.md, "GET
// policies"). Release builds of that module leave the dynamic check out; debug builds, which run
// the tests, keep it, so a conflicting access still fails there.
let eventLoopSettings: [SwiftSetting] = functionSections + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]
let startUpOrder: [LinkerSetting] = [
    .unsafeFlags([
        "-use-ld=\(Context.packageDirectory)/Sources/lokinetpol/ld-as-needed",
        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/lokinetpol/start-up.order",
        "-Xlinker", "--no-warn-symbol-ordering",
    ])
]

let package = Package(
    name: "loki-netpol",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lokinetpol", targets: ["lokinetpol"]),
        .library(name: "PolicyCore", targets: ["PolicyCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C shims over system libraries.
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        // libpq's header (libpq-dev) at build time; libpq.so.5 itself is loaded with dlopen on the
        // first PostgreSQL connection, so a SQLite service never maps libpq and its dependencies.
        .target(name: "CLibPQ", path: "Sources/CLibPQ"),
        // epoll, eventfd and GNU extensions for HTTPServer's event loops (and SystemSupport's thread names).
        .systemLibrary(name: "CLinuxIO", path: "Sources/CLinuxIO"),
        // What the other targets share, written once: detached POSIX threads, clocks, civil dates and
        // RFC 3339 time, hexadecimal digits and ASCII byte sets. PolicyCore depends on it, so like
        // PolicyCore it keeps no unsafe flags.
        .target(name: "SystemSupport", dependencies: ["CLinuxIO"]),

        // Pure generator core: decode, validate, build, encode, diff, flows (of SystemSupport it
        // uses the byte-text helpers only: no clock, no thread, no I/O).
        .target(
            name: "PolicyCore",
            dependencies: ["COpenSSL", "CYAML", "SystemSupport"]),
        // Persistence of stacks and revisions: SQLite (embedded) and PostgreSQL (replicas).
        // Every migrations/<dialect>/*.sql is compiled in by the EmbedMigrations plugin.
        .target(
            name: "PolicyStore", dependencies: ["CSQLite", "CLibPQ", "SystemSupport", "PolicyCore"],
            swiftSettings: functionSections, plugins: ["EmbedMigrations"]),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["migration-embedder"]),
        .executableTarget(name: "migration-embedder", path: "Sources/migration-embedder"),
        // The command-line parser of lokinetpol: subcommands, options with environment fallbacks,
        // help and usage errors (no Foundation).
        .target(name: "CommandParsing", swiftSettings: functionSections),
        // HTTP/1.1 server on POSIX sockets + epoll; knows nothing of Loki.
        .target(
            name: "HTTPServer",
            dependencies: ["COpenSSL", "CLinuxIO", "SystemSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: eventLoopSettings),
        // The REST routes: glue between HTTP, core and store.
        .target(
            name: "NetpolService",
            dependencies: [
                "HTTPServer", "PolicyStore", "PolicyCore", "SystemSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml")], swiftSettings: functionSections),
        .executableTarget(
            name: "lokinetpol",
            dependencies: [
                "NetpolService", "HTTPServer", "PolicyStore", "PolicyCore", "SystemSupport", "COpenSSL", "CLinuxIO",
                "CommandParsing",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["start-up.order", "ld-as-needed"], swiftSettings: functionSections, linkerSettings: startUpOrder),
        // Release-build micro benchmarks (run by hand, never by CI as a gate).
        .executableTarget(name: "netpol-bench", dependencies: ["PolicyCore", "SystemSupport"]),
        // Store benchmarks and the crash-recovery test's writer (run by hand / by PolicyStoreTests).
        .executableTarget(name: "store-bench", dependencies: ["PolicyStore", "PolicyCore", "CSQLite", "SystemSupport"]),
        // Fixed-response server for bench/http-bench.sh (run by hand against nginx).
        .executableTarget(
            name: "http-bench-server",
            dependencies: ["HTTPServer", .product(name: "Logging", package: "swift-log")]),

        .testTarget(
            name: "PolicyCoreTests", dependencies: ["PolicyCore", "CYAML"],
            resources: [.copy("Golden"), .copy("Fixtures")]),
        // Starts a throw-away PostgreSQL server for the store and service tests.
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        // The live tests' HTTP client (HTTPServerTests, NetpolServiceTests).
        .target(name: "HTTPTestSupport", path: "Tests/HTTPTestSupport"),
        .testTarget(
            name: "PolicyStoreTests", dependencies: ["PolicyStore", "PolicyCore", "CSQLite", "PostgresTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport"]),
        .testTarget(name: "CommandParsingTests", dependencies: ["CommandParsing"]),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: [
                "HTTPServer", "COpenSSL", "SystemSupport", "HTTPTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "NetpolServiceTests", dependencies: [
                "NetpolService", "PolicyCore", "PolicyStore", "HTTPServer", "CSQLite", "PostgresTestSupport", "HTTPTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
