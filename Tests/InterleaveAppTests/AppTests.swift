import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveRuntime
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The app model driven by scripted messages, its screens compared with golden text files
/// (`INTERLEAVE_UPDATE_GOLDEN=1 swift test` rewrites them).
@Suite struct AppTests {
    @Test func theFirstFrameOfTheWorkersShowsEveryThreadStarting() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(Array(run.events.prefix(86)))))
        let grid = screen(app)
        try matchesGolden(grid, "workers-first-frame")
        // Colour carries meaning: a sleeping worker's cells are in the sleeping role.
        let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix("B Worker-0") })
        let last = try #require((0..<grid.width).last { grid[$0, row].character == "z" })
        #expect(grid[last, row].role == .sleeping)
    }

    @Test func theFinishedWorkersAt200x50() throws {
        var (app, run) = try app("workers", width: 200, height: 50)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.completed)))
        try matchesGolden(screen(app), "workers-finished-200x50")
        let grid = screen(app)
        #expect(grid.line(0).contains("■ finished"))
        // The summary screen: the headless summary's figures, line for line.
        #expect(app.pane == .summary)
        for line in app.summary.text(config: app.config).split(separator: "\n") {
            #expect(grid.text.contains(line.prefix(198)), "\(line)")
        }
    }

    @Test func pausingAndSteppingSendTheirControlsAndTheHeaderSaysSo() throws {
        var (app, run) = try app("lock_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(40)))))
        let now = app.now
        #expect(app.update(.tick(milliseconds: 10)) == [.control(.runUntil(now + 10_000_000))], "1 s/s: 10 ms on")
        #expect(app.update(.key(.character(" "))) == [.control(.pause)])
        #expect(app.update(.tick(milliseconds: 10)).isEmpty, "a paused app asks the engine for nothing")
        #expect(app.update(.key(.character("."))) == [.control(.step(1))])
        _ = app.update(.session(.events([run.events[40]])))
        #expect(app.summary.eventCount == 41)
        #expect(screen(app).line(0).contains("‖ paused"))
        try matchesGolden(screen(app), "lock-counter-paused")
        #expect(app.update(.key(.character("q"))) == [.control(.stop), .quit])
    }

    @Test func aWideScreenShowsLongThreadNamesWhole() throws {
        for (width, whole) in [(80, false), (120, true), (200, true)] {
            var (app, run) = try app("lock_counter", width: width, height: 30, limit: 2_000)
            _ = app.update(.session(.events(run.events)))
            let grid = screen(app)
            // The lane's row: the thread's letter, then its name.
            let lane = try #require((0..<grid.height).map { grid.line($0) }.first { $0.hasPrefix("B Thread-1") })
            #expect(lane.hasPrefix("B Thread-1 (increment)") == whole, "\(width) columns: \(lane)")
        }
    }

    @Test func aStepShowsOneEventEvenWhenTheEngineHandsOverMore() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(Array(run.events.prefix(85)))))
        _ = app.update(.key(.character(" ")))
        #expect(app.update(.key(.character("."))) == [.control(.step(1))])
        // Events made while the run still played arrive with the step's.
        _ = app.update(.session(.events(Array(run.events[85..<88]))))
        _ = app.update(.session(.paused(at: run.events[87].time)))
        #expect(app.viewing == 85, "one event on from #84")
        _ = app.update(.key(.character(".")))
        #expect(app.viewing == 86)
        _ = app.update(.key(.character(".")))
        #expect(app.viewing == nil && app.summary.eventCount == 88, "the last one that arrived: the live run again")
    }

    /// When the engine cannot keep up, the header says how fast it really goes, and the app never
    /// asks for more than a second's worth ahead.
    @Test func aSlowEngineShowsItsRealPaceAndBuildsNoDebt() throws {
        var (app, run) = try app("lock_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(40)))))
        let start = app.now
        var asked: VirtualTime = 0
        for _ in 0..<40 {
            if case .control(.runUntil(let time))? = app.update(.tick(milliseconds: 30)).first { asked = time }
        }
        #expect(asked <= app.now + app.speed + 30_000_000, "at most a second and a tick ahead of the clock")
        _ = app.update(.session(.paused(at: start + 20_000_000)))
        for _ in 0..<40 { _ = app.update(.tick(milliseconds: 30)) }
        #expect(app.reachedSpeed != nil && app.reachedSpeed! < app.speed / 2)
        #expect(screen(app).line(0).contains(" · ~"), "\(screen(app).line(0))")
    }

    /// The clock shows what the engine reports, never what the app asked for: a pause after a
    /// step (a manual pick, say) while time was being requested ahead must not move it on.
    @Test func theClockIsTheEnginesNotTheTargetOfThePacing() throws {
        var (app, run) = try app("unlocked_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(17)))))
        let now = app.now
        _ = app.update(.tick(milliseconds: 500))
        _ = app.update(.tick(milliseconds: 500))
        _ = app.update(.session(.paused(at: now + 30)))
        #expect(app.now == now + 30)
        #expect(app.timeline.end == now + 30, "the lanes do not run ahead either")
    }

    @Test func theDeadlockBannerNamesTheCycle() throws {
        var (app, run) = try app("philosophers")
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.deadlock)))
        let grid = screen(app)
        try matchesGolden(grid, "philosophers-deadlock")
        let banner = try #require((0..<grid.height).first { grid.line($0).contains("DEADLOCK: ") })
        #expect(grid[1, banner].role == .alarm)
        #expect(grid.line(banner).contains("→ lock 'fork"))
    }

    @Test func theHelpOverlayListsEveryBinding() throws {
        var (app, _) = try app("workers")
        _ = app.update(.key(.character("?")))
        let grid = screen(app)
        try matchesGolden(grid, "help-overlay")
        for binding in KeyBinding.all { #expect(grid.text.contains(binding.help), "\(binding.help)") }
        #expect(grid.text.contains("L lock") && grid.text.contains("[ took lock") && grid.text.contains("× lost update"), "the glyphs are explained")
        #expect(app.update(.key(.character("x"))).isEmpty && !app.showingHelp, "any key closes it")
    }

    @Test func aResizeRedrawsAtTheNewSizeAndATinyScreenSaysWhatItNeeds() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.resize(width: 100, height: 30))
        #expect(screen(app).width == 100)
        #expect(screen(app).line(0).count == 100)
        try matchesGolden(screen(app), "workers-resized-100x30")
        _ = app.update(.resize(width: 40, height: 10))
        #expect(screen(app).text.hasPrefix("Interleave needs a terminal of at least\n80×24. This one is 40×10: make it\nbigger, or press q to quit.\n"))
    }

    @Test func locksShowTheirHolderAndTheirWaiters() throws {
        var (app, run) = try app("philosophers", width: 120, height: 40)
        // Up to the first time a philosopher waits for a fork its neighbour holds.
        let waiting = try #require(run.events.firstIndex { event in
            if case .blocked(.lock, _, _) = event.kind { return true }
            return false
        })
        _ = app.update(.session(.events(Array(run.events[...waiting]))))
        guard case .blocked(.lock(let fork), let holder, _) = run.events[waiting].kind else { return }
        #expect(app.world.locks[Int(fork)].holder == holder)
        #expect(app.world.locks[Int(fork)].waiters == [run.events[waiting].thread])
        let grid = screen(app)
        let waiter = app.summary.names.thread(run.events[waiting].thread)
        let name = app.summary.names.lock(fork)
        #expect((0..<grid.height).contains { grid.line($0).hasPrefix(" \(name): held by ") && grid.line($0).contains("waiting: \(waiter)") },
                "\(grid.text)")
    }

    @Test func aValueWrittenInTheLatestBatchIsHighlighted() throws {
        var (app, run) = try app("lock_counter")
        // The first increment's write (the module's `counter = 0` is a write too).
        let write = try #require(run.events.firstIndex { if case .sharedWrite(_, _, let new) = $0.kind { new == 1 } else { false } })
        _ = app.update(.session(.events(Array(run.events[...write]))))
        let grid = screen(app)
        let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix(" shared: counter = 1") })
        #expect(grid[10, row].role == .highlight)
        _ = app.update(.session(.events([run.events[write + 1]])))
        #expect(screen(app)[10, row].role == .text)
    }

    @Test func theInspectorSaysMainWaitsForTheFirstOfThePoolsFutures() throws {
        var (app, run) = try app("fetch_pool")
        // Up to main's first wait in as_completed, while the three fetches are still on the network.
        let waiting = try #require(run.events.firstIndex { event in
            if case .blocked(.futures, _, _) = event.kind { return event.thread == 0 }
            return false
        })
        _ = app.update(.session(.events(Array(run.events[...waiting]))))
        _ = app.update(.key(.character("i")))
        #expect(app.selected == .thread(0) && app.pane == .inspector)
        let grid = screen(app)
        #expect(grid.text.contains("waits for the first of 3 futures"), "\(grid.text)")
        let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix("A MainThread") })
        #expect(grid.line(row).contains(" future ") && grid.line(row).trimmingCharacters(in: .whitespaces).hasSuffix("F"), "main's lane shows it waiting for a future")
        // The pool's three workers have lanes of their own (their long names shortened in the middle).
        #expect((0..<grid.height).filter { grid.line($0).dropFirst(2).hasPrefix("ThreadPo…cutor-0_") }.count == 3, "\(grid.text)")
    }

    @Test func theInspectorSaysWhatTheSelectedThreadWaitsForAndWhatItHolds() throws {
        var (app, run) = try app("philosophers")
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.deadlock)))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.character("i")))
        #expect(app.selected == .thread(1) && app.pane == .inspector)
        let grid = screen(app)
        try matchesGolden(grid, "inspector")
        #expect(grid.text.contains("waits for lock 'fork1', held by P1"))
        #expect(grid.text.contains("holds: 'fork0'"))
        let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix("B P0 ") })
        #expect(grid[0, row].role == .selection)
        _ = app.update(.key(.character("i")))
        #expect(app.pane == .events, "i again brings the event log back")
    }

    @Test func aManualChoiceMarksTheCandidatesAndTheKeyPicksOne() throws {
        var (app, run) = try app("unlocked_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(17)))))
        _ = app.update(.session(.awaitingChoice(ChoiceRequest(kind: .order, options: [0, 1]))))
        #expect(app.play == .awaitingChoice)
        #expect(app.update(.tick(milliseconds: 30)).isEmpty, "the run waits for you")
        let grid = screen(app)
        try matchesGolden(grid, "manual-choice")
        #expect(grid.text.contains("Your choice, whose step goes first: 1 MainThread · 2 Adder-1"))
        let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix("Adder-1") })
        let number = try #require((0..<grid.width).first { grid[$0, row].character == "2" })
        #expect(grid[number, row].role == .candidate)
        #expect(app.update(.key(.character("5"))).isEmpty, "not a candidate")
        #expect(app.update(.key(.character("2"))) == [.control(.choose(1))])
        #expect(app.play == .playing && app.pendingChoice == nil)
    }

    @Test func goingBackBeforeAnythingHappenedIsHarmless() throws {
        var (app, _) = try app("workers")
        #expect(app.update(.key(.character(","))).isEmpty && app.viewing == nil)
        _ = app.update(.key(.character("<")))
        #expect(screen(app).line(23).contains("no scheduling choice before this event"))
        _ = app.update(.key(.character("g")))
        _ = app.update(.key(.character("9")))
        _ = app.update(.key(.enter))
        #expect(screen(app).line(23).contains("the run has 0 events so far"))
    }

    /// README's key table says what the bindings say, so the two cannot drift apart.
    @Test func theReadmeListsEveryBinding() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for binding in KeyBinding.all { #expect(text.contains(binding.help), "README lacks: \(binding.help)") }
    }

    /// Without colour, what colour said is still there: the choice's candidates, the selection, the
    /// alarm banner and the bars in reverse video, running cells in bold, the pane shown in brackets.
    @Test func inMonochromeAttributesCarryWhatColourDid() throws {
        var (app, run) = try app("unlocked_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(17)))))
        _ = app.update(.session(.awaitingChoice(ChoiceRequest(kind: .order, options: [0, 1]))))
        _ = app.update(.key(.down))
        let grid = screen(app)
        func monochrome(_ x: Int, _ y: Int) -> Cell.Attributes { grid[x, y].attributes.union(grid[x, y].role.monochrome) }
        let adder = try #require(row(grid, startingWith: "Adder-1"))
        let number = try #require((0..<grid.width).first { grid[$0, adder].character == "2" })
        #expect(monochrome(number, adder).contains(.reverse), "a candidate")
        let main = try #require(row(grid, startingWith: "MainThread"))
        #expect(monochrome(0, main).contains(.reverse), "the selection")
        #expect(monochrome(0, 0).contains(.reverse) && monochrome(0, grid.height - 1).contains(.reverse), "the bars")
        let running = try #require((0..<grid.width).last { grid[$0, adder].character == "#" })
        #expect(monochrome(running, adder).contains(.bold))
        #expect(grid.text.contains("[events]"))

        var (deadlocked, events) = try InterleaveAppTests.app("philosophers")
        _ = deadlocked.update(.session(.events(events.events)))
        let alarm = screen(deadlocked)
        let banner = try #require(row(alarm, startingWith: " DEADLOCK"))
        #expect(alarm[1, banner].attributes.union(alarm[1, banner].role.monochrome).contains(.reverse))
    }
}
