// swift-tools-version: 5.4
// libFuzzer targets for Interleave (docs/FUZZING.md), in their own package so the main build never
// carries the sanitizer flags. Fuzz/run builds and runs them; the build alone is
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's main to
// <Target>_main and links main to it, but a fuzz target has no main of its own (libFuzzer brings
// it), so the link would fail. (`swift build --sanitize=fuzzer` avoids that, but it also compiles
// the parent's plugin tools as libraries, which breaks them.)
import PackageDescription

/// A fuzz target's file only declares LLVMFuzzerTestOneInput.
let entryPoint: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

/// The parent's libraries the harnesses use.
let interleave: [Target.Dependency] = ["InterleaveCore", "InterleaveScenario", "InterleaveRecording", "InterleaveReports"]
    .map { .product(name: $0, package: "Interleave") }

let package = Package(
    name: "InterleaveFuzz",
    dependencies: [
        .package(name: "Interleave", path: ".."),
    ],
    targets: [
        // libFuzzer's functions a target calls (a header only; -sanitize=fuzzer links libFuzzer).
        .systemLibrary(name: "CLibFuzzer"),
        // What the targets share: a scenario compiled and run, bounded; what the tool makes of a
        // run's events (the headless report, the JSON summary, the exports); the scenario mutator.
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer"] + interleave
        ),
        // The scenario front end: lexer, parser, compiler, diagnostics, then a bounded run, its
        // reports, and its recording read back. Every input that covers something new is kept.
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzSupport"], swiftSettings: entryPoint),
        // The same, keeping only inputs that compile: its mutations reach the engine far more often.
        .executableTarget(name: "FuzzScenarioRuns", dependencies: ["FuzzSupport"], swiftSettings: entryPoint),
        // The recording reader, then what replay --headless, export and verify do with a recording.
        .executableTarget(
            name: "FuzzRecording",
            dependencies: ["FuzzSupport"] + interleave,
            swiftSettings: entryPoint
        ),
    ]
)
