import InterleaveApp
import InterleaveCore
import InterleaveUI
import Testing

/// The pane under the timeline: scrolling the event log, following a selection, the output, the summary.
@Suite struct AppPaneTests {
    /// The event numbers the log shows, top to bottom.
    func shownEvents(_ grid: Grid) -> [Int] {
        (0..<grid.height).compactMap { y in
            let line = grid.line(y)
            // "   12.345us  #67  Thread: what it did"
            guard line.hasPrefix(" "), line.dropFirst().first?.isNumber == true || line.dropFirst().first == " ",
                  let hash = line.range(of: "  #") else { return nil }
            return Int(line[hash.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test func theLogScrollsBackAndStaysPutWhileTheRunGoesOn() throws {
        var (app, run) = try app("lock_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(300)))))
        #expect(shownEvents(screen(app)).last == 299)
        _ = app.update(.key(.pageUp))
        let back = shownEvents(screen(app))
        #expect(back.last == 299 - app.pageLines)
        _ = app.update(.session(.events(Array(run.events[300..<340]))))
        #expect(shownEvents(screen(app)) == back, "new events do not move a scrolled log")
        _ = app.update(.key(.pageDown))
        #expect(shownEvents(screen(app)).last == back.last! + app.pageLines, "a page on")
        _ = app.update(.key(.pageUp))
        _ = app.update(.key(.end))
        #expect(shownEvents(screen(app)).last == 339, "end: back to the latest")
    }

    @Test func theSelectedThreadsEventsStandOutAndFollowingShowsOnlyThem() throws {
        // Free-threaded: the two threads contend for the lock within the first 300 events.
        var (app, run) = try app("lock_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(300)))))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        var grid = screen(app)
        let lines = (0..<grid.height).filter { grid.line($0).contains("  Thread-1 (increment): ") }
        #expect(!lines.isEmpty && lines.allSatisfy { grid[3, $0].role == .highlight })
        _ = app.update(.key(.character("f")))
        grid = screen(app)
        #expect(grid.text.contains("events: Thread-1 (increment) only"))
        let shown = shownEvents(grid)
        #expect(shown.count == app.paneHeight - 1 && shown.allSatisfy { run.events[$0].thread == 1 }, "the pane full of its events")
        // A lock: its own events, whoever acted.
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        #expect(app.selected == .lock(0))
        let lockEvents = shownEvents(screen(app))
        #expect(!lockEvents.isEmpty && lockEvents.allSatisfy { index in
            switch run.events[index].kind {
            case .lockAcquired, .lockReleased, .blocked(.lock, _, _): return true
            default: return false
            }
        })
        _ = app.update(.key(.character("i")))
        #expect(screen(app).text.contains("lock 'lock': held by"))
        #expect(screen(app).text.contains("had to wait"))
    }

    /// A run still going: the summary and the inspector charge each thread's current state up to the clock.
    @Test func theSummaryOfARunStillGoingCountsUpToNow() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(Array(run.events.prefix(86)))))
        _ = app.update(.session(.paused(at: 1_000_000_000)))
        let figures = app.summaryNow.threads[1]
        #expect(figures.waited(.sleep) > 900_000_000, "Worker-0 has slept most of the second so far")
        _ = app.update(.key(.tab))
        _ = app.update(.key(.tab))
        #expect(screen(app).text.contains("still running after 1.000s"))
    }

    @Test func theOutputPaneShowsWhatTheProgramPrinted() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.tab))
        #expect(app.pane == .output)
        let grid = screen(app)
        #expect(grid.text.contains("[output (11)]"))
        #expect(grid.text.contains("Worker 4 finished\n All workers completed."))
        _ = app.update(.key(.tab))
        _ = app.update(.key(.tab))
        #expect(app.pane == .inspector)
        _ = app.update(.key(.tab))
        #expect(app.pane == .code, "on a narrow screen the code is a tab")
        _ = app.update(.key(.tab))
        #expect(app.pane == .events, "tab goes round the panes")
    }

    @Test func theSummaryScreenAtTheEndScrollsThroughTheHeadlessFigures() throws {
        var (app, run) = try app("philosophers")
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.deadlock)))
        #expect(app.pane == .summary)
        let lines = app.summary.text(config: app.config).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(screen(app).text.contains(lines[0]))
        // The outcome line is wider than the screen: it goes on under itself, so nothing is cut off.
        #expect(lines[1].count > 78 && screen(app).text.contains("choices)"))
        for _ in 0..<5 { _ = app.update(.key(.pageDown)) }
        let last = try #require(lines.last { !$0.isEmpty })
        #expect(screen(app).text.contains(last.prefix(70)))
        for _ in 0..<((lines.count + app.pageLines - 1) / app.pageLines) { _ = app.update(.key(.pageUp)) }
        #expect(screen(app).text.contains(lines[0]), "scrolling stops at the end: as many pages back reach the top")
    }

    @Test func scrollingTheLogBackMarksWhereItsEventHappenedAndBringsItIntoView() throws {
        var (app, run) = try app("unlocked_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(3000)))))
        _ = app.update(.key(.character("t")))
        #expect(!screen(app).line(1).contains("▼"), "no cursor while the log shows the latest")
        for _ in 0..<60 { _ = app.update(.key(.pageUp)) }
        let bottom = try #require(shownEvents(screen(app)).last)
        let grid = screen(app)
        // The steps window moved back to the event, and the axis points at it.
        let x = try #require((0..<grid.width).first { grid[$0, 1].character == "▼" })
        #expect(UInt64(x - app.geometry.left) + app.window.origin == UInt64(bottom))
        let actor = Int(run.events[bottom].thread)
        if actor >= 0 {
            let y = try #require(row(grid, startingWith: app.world.threads[actor].name))
            #expect(grid[x, y].attributes.contains(.reverse))
        }
    }
}
