import InterleaveApp
import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The code: the source with each thread's letter at its line, beside the pane on a wide screen
/// and as a tab on a narrow one.
@Suite struct AppCodeTests {
    /// The number of the first line of code (not a comment) of catalogue scenario `name` that
    /// begins with `text`, once indented.
    func lineNumber(_ name: String, _ text: String) throws -> Int {
        let source = try #require(Catalogue.entry(named: name)).text
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.drop { $0 == " " }.hasPrefix(text) }) + 1
    }

    /// The screen row that shows source line `number` in the code (its number after the gutter).
    func codeRow(_ grid: Grid, number: Int, text: String) -> String? {
        (0..<grid.height).map { grid.line($0) }.first { $0.contains(" \(number) ") && $0.contains(text) }
    }

    @Test func aWideScreenShowsTheCodeBesideThePaneWithEachThreadAtItsLine() throws {
        var (app, run) = try app("workers", width: 120, height: 40)
        _ = app.update(.session(.events(Array(run.events.prefix(86)))))
        let grid = screen(app)
        try matchesGolden(grid, "workers-code-120x40")
        #expect(grid.text.contains("[code: "), "the code's title")
        // Five workers asleep at `time.sleep(2)`: two letters and "+" (three marks at most); main at `t.join()`.
        let sleepLine = try lineNumber("workers", "time.sleep(2)")
        let sleeping = try #require(codeRow(grid, number: sleepLine, text: "time.sleep(2)"))
        let gutter = try #require(sleeping.split(separator: "│").last)
        #expect(gutter.hasPrefix(" ") && gutter.dropFirst().prefix(3).last == "+", "\(sleeping)")
        let joinLine = try lineNumber("workers", "t.join()")
        let joining = try #require(codeRow(grid, number: joinLine, text: "t.join()"))
        #expect(joining.split(separator: "│").last?.dropFirst().hasPrefix("A") == true, "\(joining)")
        // The lanes name threads by their letters, which the code uses.
        #expect(row(grid, startingWith: "A MainThread") != nil)
        // Under the lanes, what their glyphs mean (those on screen only).
        let legend = try #require(row(grid, startingWith: "# running"))
        #expect(grid.line(legend).contains("z sleeping") && grid.line(legend).contains("J waiting: join"))
        #expect(!grid.line(legend).contains("L waiting: lock"), "no lock wait shows")
        #expect(!app.panes.contains(.code), "no code tab when the code is beside the pane")
    }

    @Test func aNarrowScreenHasTheCodeAsATab() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(Array(run.events.prefix(86)))))
        #expect(!screen(app).text.contains("[code"), "the events first")
        while app.pane != .code { _ = app.update(.key(.tab)) }
        let grid = screen(app)
        try matchesGolden(grid, "workers-code-tab")
        let joinLine = try lineNumber("workers", "t.join()")
        let joining = try #require(codeRow(grid, number: joinLine, text: "t.join()"))
        #expect(joining.hasPrefix(" A"), "\(joining)")
        // Widened, the tab goes and the code stands beside the pane.
        _ = app.update(.resize(width: 120, height: 40))
        #expect(app.pane == .events)
        #expect(screen(app).text.contains("[code: "))
    }

    @Test func theCodeFollowsWhoActedAndMovesAsTheRunSteps() throws {
        var (app, run) = try app("lock_counter", width: 120, height: 40, limit: 400)
        let withLine = try lineNumber("lock_counter", "with lock:")
        let incrementLine = try lineNumber("lock_counter", "counter += 1")
        var seen: Set<Int> = []
        for event in run.events {
            _ = app.update(.session(.events([event])))
            guard event.thread > 0, event.line > 0 else { continue }
            let title = screen(app).text
            // The title names the actor of the latest event and the line it is at.
            #expect(title.contains("[code: \(event.thread == 1 ? "B" : "C") Thread-"), "#\(event.seq)")
            #expect(title.contains("at line \(event.line)]"), "#\(event.seq)")
            seen.insert(Int(event.line))
        }
        #expect(seen.isSuperset(of: [withLine, incrementLine]), "\(seen)")
        // Selecting a thread makes the code follow it, whoever acts.
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        #expect(screen(app).text.contains("[code: B Thread-1 (increment)"))
    }

    @Test func theLogAndTheInspectorGiveTheSourceLine() throws {
        var (app, run) = try app("lock_counter", limit: 200)
        _ = app.update(.session(.events(run.events)))
        let incrementLine = try lineNumber("lock_counter", "counter += 1")
        #expect(screen(app).text.contains("L\(incrementLine)  Thread-"), "the log's lines carry the source line")
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.character("i")))
        let line = try #require(app.world.thread(1)?.line)
        #expect(screen(app).text.contains("at line \(line): "), "the inspector says where the thread is")
    }
}

/// The GIL's lane: who holds it over time, under the policies with a GIL, and where a waiter
/// asked its holder to drop it.
@Suite struct AppGILLaneTests {
    @Test func theGILHasALaneWithItsHolderOverTime() throws {
        // 150,000 events: past the first 5 ms switch interval, so both counters have held it.
        var (app, run) = try app("lock_counter", width: 120, height: 40, limit: 150_000)
        _ = app.update(.session(.events(run.events)))
        let grid = screen(app)
        let y = try #require(row(grid, startingWith: "GIL "), "\(grid.text)")
        let line = grid.line(y)
        let holder = try #require(app.world.gilHolders.first)
        #expect(line.contains(holder >= 0 ? "held \(holder == 1 ? "B" : holder == 2 ? "C" : "A")" : "free"), "\(line)")
        // Its lane is the holders' letters: both counters held it by now.
        #expect(line.contains("B") && line.contains("C"), "\(line)")
        // The lock's lane comes after it, and the threads are lettered.
        #expect(row(grid, startingWith: "lock ").map { $0 > y } == true)
        #expect(row(grid, startingWith: "B Thread-1 (increment)") != nil)
    }

    @Test func theHelpExplainsTheGILsLaneWhenThereAreNoLocks() throws {
        var (app, run) = try app("workers", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        #expect(app.world.locks.isEmpty && row(screen(app), startingWith: "GIL ") != nil)
        _ = app.update(.key(.character("?")))
        #expect(screen(app).text.contains("A in a GIL or lock lane: thread A holds it"))
    }

    @Test func withoutAGILThereIsNoLane() throws {
        var (app, run) = try app("unlocked_counter", width: 120, height: 40, policy: "free", limit: 500)
        _ = app.update(.session(.events(run.events)))
        #expect(row(screen(app), startingWith: "GIL") == nil)
    }

    @Test func aDropRequestIsMarkedOnTheGILsLane() throws {
        var (app, run) = try app("cpu_bound", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character("t")))
        let grid = screen(app)
        let y = try #require(row(grid, startingWith: "GIL "))
        let requests = run.events.filter { if case .gilDropRequested = $0.kind { true } else { false } }
        #expect(!requests.isEmpty)
        // On the steps axis, a column per event: every request in view is marked, and nothing else.
        let left = app.geometry.left
        let origin = Int(app.window.origin)
        let marked = (0..<app.window.columns).filter { grid[left + $0, y].character == "↓" }.map { origin + $0 }
        let expected = requests.map { Int($0.seq) }.filter { $0 >= origin && $0 < origin + app.window.columns }
        #expect(!expected.isEmpty && marked == expected, "\(marked) vs \(expected)")
    }
}
