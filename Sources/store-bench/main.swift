// Store benchmarks (release build, run by hand) and the crash-recovery writer.
//
//   store-bench baseline [dir] [seconds]       raw durable SQLite commit rate
//   store-bench upsert [dir] [seconds] [writers]  store upserts, concurrent writers
//   store-bench read [dir] [revisions] [samples]  read latency over a long history
//   store-bench storage <sqlite:DIR | postgres://…> [revisions] [stacks] [samples]
//                                              bytes per revision and history reads (issue 11)
//   store-bench all [dir]                      the three above with defaults
//   store-bench crash-writer <db> <ack file>   writes until killed (tests)
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let command = arguments.first ?? "all"
let parameters = Array(arguments.dropFirst())
let directory = parameters.first ?? NSTemporaryDirectory() + "store-bench"

func parameter(_ index: Int, default value: Double) -> Double {
    index < parameters.count ? Double(parameters[index]) ?? value : value
}

do {
    switch command {
    case "baseline":
        try BaselineBench.run(directory: directory, seconds: parameter(1, default: 10))
    case "upsert":
        try await UpsertBench.run(
            directory: directory, writers: Int(parameter(2, default: 32)), seconds: parameter(1, default: 10))
    case "read":
        try await ReadBench.run(
            directory: directory, revisions: Int(parameter(1, default: 100_000)), samples: Int(parameter(2, default: 20_000)))
    case "storage" where !parameters.isEmpty:
        try await StorageBench.run(
            database: parameters[0], revisions: Int(parameter(1, default: 100_000)),
            stacks: Int(parameter(2, default: 50)), samples: Int(parameter(3, default: 4_000)))
    case "all":
        try BaselineBench.run(directory: directory, seconds: 10)
        try await UpsertBench.run(directory: directory, writers: 32, seconds: 10)
        try await ReadBench.run(directory: directory, revisions: 100_000, samples: 20_000)
    case "crash-writer" where parameters.count == 2:
        try await CrashWriter.run(databasePath: parameters[0], acknowledgements: parameters[1])
    default:
        FileHandle.standardError.write(Data("usage: store-bench baseline|upsert|read|all [dir] …  |  storage <db> …  |  crash-writer <db> <acks>\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("store-bench: \(error)\n".utf8))
    exit(1)
}
