import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveRuntime
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The first screen fits the run: a pace at which it can be watched, found by running it ahead.
@Suite struct AppFirstScreenTests {
    @Test func thePreviewFindsHowLongTheRunLasts() throws {
        let scenario = try catalogueScenario("workers")
        let config = scenario.settings.config
        let preview = RunPreview.of(Simulation(program: scenario.program, config: config))
        let (_, run) = try app("workers")
        #expect(preview == RunPreview(length: try #require(run.events.last).time, complete: true))
        // Past its budget, it says how far it got.
        let long = try catalogueScenario("lock_counter")
        let part = RunPreview.of(Simulation(program: long.program, config: long.settings.config), budget: 1_000)
        #expect(!part.complete && part.length > 0 && part.length < 1_000_000)
    }

    @Test(arguments: [(VirtualTime(2_000_000_000), "1s/s"), (5_200_000, "1ms/s"), (120_000_000, "10ms/s"), (900, "1us/s"),
                      (3_600_000_000_000, "10s/s")])
    func thePaceIsTheFastestAtWhichTheRunLastsTwoSeconds(_ length: VirtualTime, _ speed: String) throws {
        var (app, _) = try app("workers")
        app.fit(to: RunPreview(length: length, complete: true))
        let header = screen(app).line(0)
        #expect(header.trimmingCharacters(in: .whitespaces).hasSuffix("· " + speed), "\(header)")
    }

    @Test func aFiveMillisecondRunIsWatchedFromItsStart() throws {
        let scenario = try Scenario.compile(Self.sleepers, name: "sleepers.py").get()
        let config = scenario.settings.config
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 80, height: 24)
        app.fit(to: RunPreview.of(Simulation(program: scenario.program, config: config)))
        #expect(app.speed == 1_000_000, "1 ms a second: the run lasts five seconds")
        // The first half second of play: the threads' starts, a few microseconds a column.
        var simulation = Simulation(program: scenario.program, config: config)
        var events: [Event] = []
        _ = simulation.run(RunLimit(maxEvents: 10_000, untilTime: app.speed / 2), into: &events)
        _ = app.update(.session(.events(events)))
        let grid = screen(app)
        #expect(grid.line(1).contains("1 column = ") && grid.line(1).contains("us "), "\(grid.text)")
        for name in ["Thread-1 (work)", "Thread-2 (work)", "Thread-3 (work)"] {
            let lane = try #require((0..<grid.height).first { grid.line($0).contains(name) })
            #expect(grid.line(lane).contains("z"), "\(name) is seen going to sleep: \(grid.text)")
        }
    }

    static let sleepers = """
        import threading
        import time

        def work():
            time.sleep(0.005)

        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        """
}
