// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build never carries ordo-one/benchmark.
// Run: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
import PackageDescription

let package = Package(
    name: "InterleaveBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Interleave", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "InterleaveCore", package: "Interleave"),
                .product(name: "InterleaveRuntime", package: "Interleave"),
                .product(name: "InterleaveDemos", package: "Interleave"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScenarioBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "InterleaveCore", package: "Interleave"),
                .product(name: "InterleaveScenario", package: "Interleave"),
            ],
            path: "Benchmarks/ScenarioBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RecordingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "InterleaveCore", package: "Interleave"),
                .product(name: "InterleaveDemos", package: "Interleave"),
                .product(name: "InterleaveRecording", package: "Interleave"),
            ],
            path: "Benchmarks/RecordingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ExploreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "InterleaveCore", package: "Interleave"),
                .product(name: "InterleaveExplore", package: "Interleave"),
                .product(name: "InterleaveScenario", package: "Interleave"),
            ],
            path: "Benchmarks/ExploreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "UIBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "InterleaveCore", package: "Interleave"),
                .product(name: "InterleaveDemos", package: "Interleave"),
                .product(name: "InterleaveApp", package: "Interleave"),
                .product(name: "InterleaveUI", package: "Interleave"),
                .product(name: "InterleaveRuntime", package: "Interleave"),
            ],
            path: "Benchmarks/UIBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
