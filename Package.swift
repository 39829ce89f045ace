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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // The deterministic scheduler: IR, machine state, policies, event vocabulary, summary.
        // No curses, no CLI, no clock.
        .target(
            name: "InterleaveCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // The channel between the engine and its consumers, and the session that drives the engine.
        .target(
            name: "InterleaveRuntime",
            dependencies: [
                "InterleaveCore",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The scenario language: lexer, parser, compiler to the IR, diagnostics, the shipped catalogue.
        .target(name: "InterleaveScenario", dependencies: ["InterleaveCore"], plugins: ["EmbedScenarios"]),
        // Turns Assets/scenarios/*.ilv into Swift source at build time (run by the plugin below).
        .executableTarget(name: "embed-scenarios"),
        .plugin(name: "EmbedScenarios", capability: .buildTool(), dependencies: ["embed-scenarios"]),
        // Consumers that turn a run into text and JSON: the headless timeline and the JSON summary.
        .target(name: "InterleaveReports", dependencies: ["InterleaveCore"]),
        // The UI's pure parts: cells, the grid, roles, backends (a test backend included). No curses.
        .target(name: "InterleaveUI", dependencies: ["InterleaveCore"]),
        // Built-in programs written with the IR builder (the tutorial's examples).
        .target(name: "InterleaveDemos", dependencies: ["InterleaveCore"]),
        .executableTarget(
            name: "interleave",
            dependencies: [
                "InterleaveCore",
                "InterleaveRuntime",
                "InterleaveScenario",
                "InterleaveReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets.
        .target(name: "InterleaveTestSupport", dependencies: ["InterleaveCore", "InterleaveRuntime", "InterleaveScenario"]),
        .testTarget(
            name: "InterleaveCoreTests",
            dependencies: ["InterleaveCore", "InterleaveDemos", "InterleaveTestSupport"]
        ),
        .testTarget(
            name: "InterleaveRuntimeTests",
            dependencies: ["InterleaveCore", "InterleaveRuntime", "InterleaveDemos", "InterleaveTestSupport"]
        ),
        .testTarget(name: "InterleaveUITests", dependencies: ["InterleaveUI"]),
        .testTarget(
            name: "InterleaveScenarioTests",
            dependencies: ["InterleaveCore", "InterleaveScenario", "InterleaveReports", "InterleaveTestSupport"],
            exclude: ["Golden"]
        ),
        // Runs the built binary; depending on it makes `swift test` build it first.
        .testTarget(
            name: "InterleaveCLITests",
            dependencies: ["interleave", "InterleaveTestSupport"]
        ),
    ]
)
