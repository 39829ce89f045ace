import InterleaveApp
import InterleaveCore
import InterleaveUI
import Testing

/// What the view shows of the detectors' findings, and opening a run at one.
@Suite struct AppFindingTests {
    @Test func aLostUpdateIsAnAlarmInTheBannerTheLogAndTheLane() throws {
        var (app, run) = try app("unlocked_counter", policy: "free", limit: 20_000)
        let lost = try #require(run.events.first { if case .lostUpdate = $0.kind { return true } else { return false } })
        _ = app.update(.session(.events(Array(run.events.prefix(Int(lost.seq) + 1)))))
        _ = app.update(.key(.character("t")))
        let grid = screen(app)
        let banner = try #require((0..<grid.height).first { grid.line($0).hasPrefix(" LOST UPDATE on counter (1× so far)") })
        #expect(grid[1, banner].role == .alarm)
        let log = try #require((0..<grid.height).first { grid.line($0).contains("LOST UPDATE on counter: this write") })
        #expect(grid[4, log].role == .alarm)
        // On the steps axis the last column is the lost update, on the writer's lane.
        let writer = try #require(row(grid, startingWith: app.summary.names.thread(lost.thread).prefix(10).description))
        let last = grid.line(writer).lastIndex { $0 != " " }.map { grid.line(writer).distance(from: grid.line(writer).startIndex, to: $0) }
        #expect(last.map { grid[$0, writer].character } == "×", "\(grid.line(writer))")
    }

    @Test func aRaceWithoutALossIsAWarningThatOutlivesTheEnd() throws {
        var (app, run) = try app("unlocked_counter", policy: "gil", limit: 100_000)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.completed)))
        let grid = screen(app)
        let banner = try #require((0..<grid.height).first { grid.line($0).hasPrefix(" Finished: completed") })
        #expect(grid.text.contains("DATA RACE on counter"))
        #expect(grid[1, banner].role == .warning, "every expectation held, but the race is still there")
        #expect(ColorRole.warning.monochrome == .bold, "and it shows without colour")
    }

    @Test func openingAtAnEventStopsThereAndShowsIt() throws {
        var (app, run) = try app("unlocked_counter", policy: "free", limit: 20_000)
        let lost = try #require(run.events.first { if case .lostUpdate = $0.kind { return true } else { return false } })
        let commands = app.update(.open(event: Int(lost.seq), note: "opened at the failure"))
        #expect(commands == [.control(.pause), .control(.step(Int(lost.seq) + 1))])
        #expect(app.play == .paused)
        // The step that made the event made two more: the app shows the event itself.
        _ = app.update(.session(.events(Array(run.events.prefix(Int(lost.seq) + 3)))))
        _ = app.update(.session(.paused(at: run.events[Int(lost.seq) + 2].time)))
        #expect(app.viewing == Int(lost.seq))
        #expect(app.opening == nil)
        let grid = screen(app)
        #expect(grid.text.contains("opened at the failure"))
        #expect(grid.text.contains("#\(lost.seq)  "), "the log ends at the event")
        #expect(app.summary.eventCount == lost.seq + 1)
        #expect(app.runSummary.eventCount == lost.seq + 3, "quitting here reports the run as far as it went")
    }
}
