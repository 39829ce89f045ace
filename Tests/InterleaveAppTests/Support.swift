import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The events of a run, to feed an app.
struct Run {
    var events: [Event]
}

/// An app on a catalogue scenario (with its source, as the view has it) at a screen size, and the
/// run of that scenario to feed it: to its end, or its first `limit` events (the lock counter's
/// whole run is slow in a debug build).
func app(_ name: String, width: Int = 80, height: Int = 24, policy: String? = nil,
         limit: Int = 50_000) throws -> (App, Run) {
    let text = try #require(Catalogue.entry(named: name)).text
    let scenario = try catalogueScenario(name)
    var config = scenario.settings.config
    if let policy { config.policy = try #require(Policy.named(policy)) }
    let app = App(scenario: scenario.name, program: scenario.program, config: config, width: width, height: height, source: text)
    var simulation = Simulation(program: scenario.program, config: config)
    var events: [Event] = []
    while events.count < limit {
        var batch: [Event] = []
        let status = simulation.run(RunLimit(maxEvents: limit - events.count), into: &batch)
        events += batch
        if case .finished = status { break }
    }
    return (app, Run(events: events))
}

/// What the app draws, through the test backend.
func screen(_ app: App) -> Grid {
    var backend = TestBackend(width: app.size.width, height: app.size.height)
    var grid = Grid(width: app.size.width, height: app.size.height)
    app.view(into: &grid)
    backend.show(grid)
    return backend.screen
}

/// Compares the screen with `Golden/NAME.txt` (`INTERLEAVE_UPDATE_GOLDEN=1` rewrites it).
func matchesGolden(_ grid: Grid, _ name: String, filePath: String = #filePath) throws {
    let file = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["INTERLEAVE_UPDATE_GOLDEN"] == "1" {
        try (grid.text + "\n").write(to: file, atomically: true, encoding: .utf8)
    }
    #expect(grid.text + "\n" == (try String(contentsOf: file, encoding: .utf8)), "\(name)")
}

/// The first row whose text starts with `prefix`.
func row(_ grid: Grid, startingWith prefix: String) -> Int? {
    (0..<grid.height).first { grid.line($0).hasPrefix(prefix) }
}
