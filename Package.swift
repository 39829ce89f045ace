// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Interleave",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "interleave", targets: ["interleave"]),
        .library(name: "InterleaveCore", targets: ["InterleaveCore"]),
        .library(name: "InterleaveRuntime", targets: ["InterleaveRuntime"]),
        .library(name: "InterleaveScenario", targets: ["InterleaveScenario"]),
        .library(name: "InterleaveDemos", targets: ["InterleaveDemos"]),
        .library(name: "InterleaveUI", targets: ["InterleaveUI"]),
        .library(name: "InterleaveApp", targets: ["InterleaveApp"]),
        .library(name: "InterleaveReports", targets: ["InterleaveReports"]),
        .library(name: "InterleaveRecording", targets: ["InterleaveRecording"]),
        .library(name: "InterleaveExplore", targets: ["InterleaveExplore"]),
        .library(name: "InterleaveProbe", targets: ["InterleaveProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // The deterministic scheduler: IR, machine state, policies, event vocabulary, summary.
        // No curses, no CLI, no clock.
        .target(
            name: "InterleaveCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            exclude: ["Events/Vocabulary.events"],
            plugins: ["EventVocabulary"]
        ),
        // Generates the event vocabulary's code from Events/Vocabulary.events (run by the plugin below).
        .executableTarget(name: "generate-vocabulary"),
        .plugin(name: "EventVocabulary", capability: .buildTool(), dependencies: ["generate-vocabulary"]),
        // Recordings: the compact, versioned, block-by-block file format (no Foundation, no file system).
        .target(name: "InterleaveRecording", dependencies: ["InterleaveCore"]),
        // The channel between the engine and its consumers, and the session that drives the engine.
        .target(
            name: "InterleaveRuntime",
            dependencies: [
                "InterleaveCore",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Searching the space of schedules: random, PCT and depth-first search on several workers,
        // failures from the detectors' events, and shrinking a failing schedule.
        .target(name: "InterleaveExplore", dependencies: ["InterleaveCore"]),
        // The scenario language: lexer, parser, compiler to the IR, diagnostics, the shipped catalogue.
        .target(name: "InterleaveScenario", dependencies: ["InterleaveCore"], plugins: ["EmbedAssets"]),
        // A real CPython process as a producer: the probe it runs, the probe's protocol, its records
        // turned into events, the process and its socket.
        .target(
            name: "InterleaveProbe",
            dependencies: [
                "InterleaveCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            plugins: ["EmbedAssets"]
        ),
        // Turns files of Assets/ (the catalogue, the probe) into Swift source at build time (run by the plugin below).
        .executableTarget(name: "embed-assets"),
        .plugin(name: "EmbedAssets", capability: .buildTool(), dependencies: ["embed-assets"]),
        // Consumers that turn a run into text and JSON: the headless timeline and the JSON summary.
        .target(name: "InterleaveReports", dependencies: ["InterleaveCore"]),
        // The UI's pure parts: cells, the grid, roles, backends (a test backend included). No curses.
        .target(name: "InterleaveUI", dependencies: ["InterleaveCore"]),
        // ncurses (wide-character build) for Swift: a module map and a shim of inline wrappers.
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CStandardOutput"),
        // The terminal's whole life, the only module that imports curses: opening, colours,
        // input, resize, restoring on exit and on signals, and the backend that draws a grid.
        .target(name: "InterleaveTerminal", dependencies: ["CNCurses", "InterleaveUI"]),
        // The terminal UI as a model (update, view) with its key bindings; no curses, runs headless in tests.
        .target(
            name: "InterleaveApp",
            dependencies: ["InterleaveCore", "InterleaveRuntime", "InterleaveReports", "InterleaveRecording", "InterleaveUI",
                           .product(name: "DequeModule", package: "swift-collections")]
        ),
        // Built-in programs written with the IR builder (the tutorial's examples).
        .target(name: "InterleaveDemos", dependencies: ["InterleaveCore"]),
        .executableTarget(
            name: "interleave",
            dependencies: [
                "CStandardOutput",
                "InterleaveCore",
                "InterleaveRuntime",
                "InterleaveScenario",
                "InterleaveReports",
                "InterleaveApp",
                "InterleaveRecording",
                "InterleaveExplore",
                "InterleaveProbe",
                "InterleaveTerminal",
                "InterleaveUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets.
        .target(name: "InterleaveTestSupport", dependencies: ["InterleaveCore", "InterleaveRuntime", "InterleaveScenario"]),
        .testTarget(
            name: "InterleaveCoreTests",
            dependencies: ["InterleaveCore", "InterleaveDemos", "InterleaveScenario", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveExploreTests",
            dependencies: ["InterleaveCore", "InterleaveExplore", "InterleaveScenario", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveProbeTests",
            dependencies: ["InterleaveCore", "InterleaveProbe", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveRuntimeTests",
            dependencies: ["InterleaveCore", "InterleaveRuntime", "InterleaveDemos", "InterleaveTestSupport"]
        ),
        .testTarget(name: "InterleaveUITests", dependencies: ["InterleaveUI"]),
        .testTarget(
            name: "InterleaveRecordingTests",
            dependencies: ["InterleaveCore", "InterleaveRecording", "InterleaveScenario", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveReportsTests",
            dependencies: ["InterleaveCore", "InterleaveReports", "InterleaveDemos", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveAppTests",
            dependencies: ["InterleaveApp", "InterleaveCore", "InterleaveRuntime", "InterleaveScenario", "InterleaveUI",
                           "InterleaveTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "InterleaveScenarioTests",
            dependencies: ["InterleaveCore", "InterleaveScenario", "InterleaveReports", "InterleaveTestSupport"],
            exclude: ["Golden"]
        ),
        // Runs the built binary; depending on it makes `swift test` build it first.
        .testTarget(
            name: "InterleaveCLITests",
            dependencies: ["interleave", "InterleaveCore", "InterleaveRecording", "InterleaveTestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
