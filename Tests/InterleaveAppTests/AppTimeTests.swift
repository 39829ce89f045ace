import InterleaveApp
import InterleaveCore
import InterleaveReports
import InterleaveUI
import Testing

/// The x-axis: zoom, pan, the steps axis, marks, and lock lanes.
@Suite struct AppTimeTests {
    @Test func zoomingInShowsEachLockOperationAndPanningMovesAlongTheRun() throws {
        var (app, run) = try app("lock_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(200)))))
        _ = app.update(.key(.character(" ")))
        #expect(app.window.following && app.window.width == app.fitWidth)
        while app.window.width > 10 { _ = app.update(.key(.character("+"))) }
        #expect(app.window.width == 10, "round widths: 1, 2, 5 times a power of ten")
        let grid = screen(app)
        try matchesGolden(grid, "lock-counter-zoomed")
        let thread = try #require(row(grid, startingWith: "B Thread-1"))
        let lane = grid.line(thread)
        for mark in ["[", "r", "]"] { #expect(lane.contains(mark), "\(mark) in \(lane)") }
        // Back in time, and forward again until it follows the run.
        let origin = app.window.origin
        _ = app.update(.key(.left))
        #expect(!app.window.following && app.window.origin < origin)
        #expect(screen(app).text != grid.text)
        for _ in 0..<8 { _ = app.update(.key(.right)) }
        #expect(app.window.following && app.window.origin == origin)
        _ = app.update(.key(.character("0")))
        #expect(app.window.width == app.fitWidth)
        _ = app.update(.key(.left))
        #expect(screen(app).line(23).contains("zoom in (+) to move along it"))
        _ = app.update(.key(.character("-")))
        #expect(app.window.width == app.fitWidth, "zooming out stops at the whole run")
    }

    @Test func theStepsAxisGivesEveryEventAColumnSoARaceIsVisible() throws {
        // Under 'free' both adders read before either writes: a lost update, all at the same instants.
        var (app, run) = try app("unlocked_counter", policy: "free")
        let lost = try #require(run.events.indices.first { i in
            // A write that does not raise the counter: it was based on a stale read.
            guard case .sharedWrite(_, let old, let new) = run.events[i].kind, let before = old.integer, let after = new.integer else {
                return false
            }
            return after <= before
        })
        _ = app.update(.session(.events(Array(run.events[...lost]))))
        _ = app.update(.key(.character("t")))
        #expect(app.window.axis == .steps && app.window.width == 1)
        let grid = screen(app)
        try matchesGolden(grid, "unlocked-counter-steps")
        #expect(grid.line(1).contains("1 column = 1 event"))
        // The last column is the lost update's write, by its writer.
        let left = app.window.columns - 1
        let writer = app.summary.names.thread(run.events[lost].thread)
        let y = try #require(row(grid, startingWith: writer))
        let x = try #require((0..<grid.width).last { grid[$0, y].character != " " })
        #expect(grid[x, y].character == "w" && grid[x, y].attributes.contains(.bold), "at column \(left)")
        #expect(app.update(.key(.character("+"))).isEmpty && screen(app).line(23).contains("one column per event"))
        _ = app.update(.key(.character("t")))
        #expect(app.window.axis == .time)
    }

    @Test func lockLanesShowWhoHeldEachLockWithTheHoldersLetter() throws {
        var (app, run) = try app("philosophers", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        let grid = screen(app)
        // The deadlock: each fork is held by the philosopher with its number (P0 is thread B).
        for fork in 0..<5 {
            let y = try #require(row(grid, startingWith: "fork\(fork)"))
            let x = try #require((0..<grid.width).last { grid[$0, y].character != " " })
            let tag = Character(UnicodeScalar(UInt8(ascii: "B") + UInt8(fork)))
            // In the holder's colour, the one its letter has before its name.
            #expect(grid[x, y].character == tag && grid[x, y].role == App.tagRole(ThreadID(fork + 1)))
            let lane = try #require(row(grid, startingWith: "\(tag) P\(fork)"))
            #expect(grid[0, lane].role == App.tagRole(ThreadID(fork + 1)))
            #expect(grid.line(y).contains("held \(tag)+1"), "one waiter each")
        }
        // Colour where it carries meaning: blocked on a lock in the lock-wait role, running in the running role.
        let p0 = try #require(row(grid, startingWith: "B P0"))
        let blocked = try #require((0..<grid.width).last { grid[$0, p0].character == "L" })
        #expect(grid[blocked, p0].role == .lockWait)
        // (The philosophers run for microseconds between waits, too short for a column: the workers' first steps show it.)
        var (workers, workersRun) = try InterleaveAppTests.app("workers", width: 120, height: 40)
        _ = workers.update(.session(.events(Array(workersRun.events.prefix(86)))))
        let workersGrid = screen(workers)
        let worker = try #require(row(workersGrid, startingWith: "B Worker-0"))
        let running = try #require((workers.geometry.left..<workersGrid.width).first { workersGrid[$0, worker].character == "#" })
        #expect(workersGrid[running, worker].role == .running)
        let meals = try #require(row(grid, startingWith: "meals_lock"))
        #expect(grid.line(meals).contains("free"))
    }

    /// Nothing on screen depends on colour alone: in the lanes, a glyph always has the same role, so
    /// the colour adds nothing the glyph does not already say.
    @Test func theLanesReadWithoutColour() throws {
        for name in ["workers", "philosophers", "lock_counter"] {
            var (app, run) = try app(name, width: 120, height: 40)
            _ = app.update(.session(.events(run.events)))
            let grid = screen(app)
            let left = app.window.columns > 0 ? grid.width - 1 - app.window.columns : 0
            var roleOf: [Character: ColorRole] = [:]
            for y in 2..<(2 + app.world.threads.count) {
                for x in left..<grid.width where grid[x, y].character != " " && !grid[x, y].attributes.contains(.bold) {
                    let cell = grid[x, y]
                    #expect(roleOf[cell.character, default: cell.role] == cell.role, "\(name): \(cell.character)")
                    roleOf[cell.character] = cell.role
                }
            }
            #expect(roleOf.count >= 2)
        }
    }

    @Test func atTheFirstInstantTheLanesHoldOneColumnNotTheWholeWidth() throws {
        var (app, run) = try app("workers")
        let atZero = run.events.prefix { $0.time == 0 }
        _ = app.update(.session(.events(Array(atZero))))
        let grid = screen(app)
        let y = try #require(row(grid, startingWith: "A MainThread"))
        let glyphs = (app.geometry.left..<grid.width).filter { grid[$0, y].character != " " }
        #expect(glyphs.count <= 1, "\(grid.line(y))")
    }

    @Test func homeGoesToTheStartAndTheAxisKeepsItsPlaceWhenSwitched() throws {
        var (app, run) = try app("unlocked_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(3000)))))
        _ = app.update(.key(.character("t")))
        _ = app.update(.key(.home))
        #expect(app.window.origin == 0 && !app.window.following)
        for _ in 0..<20 { _ = app.update(.key(.right)) }
        let middle = app.window.origin + UInt64(app.window.columns / 2)
        let time = try #require(app.history.time(of: middle))
        _ = app.update(.key(.character("t")))
        #expect(app.window.axis == .time && app.window.width == app.fitWidth, "the whole run fits: time shows it all")
        _ = app.update(.key(.character("+")))
        _ = app.update(.key(.character("+")))
        _ = app.update(.key(.left))
        let window = app.window
        #expect(!window.following)
        _ = app.update(.key(.character("t")))
        // The event at the middle of the time window is at the middle of the steps window.
        let centre = app.history.event(atOrAfter: window.origin + window.span / 2)
        #expect(app.window.origin + UInt64(app.window.columns / 2) == centre)
        #expect(time > 0)
    }

    @Test func tickLabelsNeverRepeat() {
        // 1 ns columns just before 1 ms: round labels would read 999.99us, 1ms, 1ms, ...
        let ticks: [UInt64] = stride(from: 999_990, to: 1_000_060, by: 10).map { $0 }
        let labels = App.tickLabels(ticks, axis: .time)
        #expect(Set(labels).count == labels.count, "\(labels)")
        #expect(labels[0] == "999.99us" && labels[1] == "+10ns")
        // The first label is exact enough for the offsets after it.
        #expect(App.tickLabels([4_934_120, 4_934_130, 4_934_140], axis: .time) == ["4.93412ms", "+10ns", "+20ns"])
        #expect(App.tickLabels([0, 10_000, 20_000], axis: .time) == ["0", "10us", "20us"])
        #expect(App.tickLabels([120, 130], axis: .steps) == ["#120", "#130"])
    }

    @Test func aZoomNoFinerThanTheWholeRunDoesNotPan() {
        var viewport = Viewport()
        viewport.columnWidth = 1_000
        let window = viewport.window(columns: 100, end: 40_000, events: 500, fit: 500)
        #expect(window.width == 500 && window.following, "a column wider than fitting shows the whole run")
        let panned = viewport.pan(-1, from: window, end: 40_000, events: 500, fit: 500, earliest: 0)
        let wentHome = viewport.home(fit: 500, earliest: 0)
        #expect(!panned && !wentHome && viewport.start == nil)
        // Zoomed in, panning stops at the oldest time still kept.
        viewport.columnWidth = 10
        let zoomed = viewport.window(columns: 100, end: 40_000, events: 500, fit: 500)
        let home = viewport.home(fit: 500, earliest: 7_000)
        #expect(home && viewport.start == 7_000)
        _ = viewport.pan(-1, from: viewport.window(columns: 100, end: 40_000, events: 500, fit: 500), end: 40_000,
                         events: 500, fit: 500, earliest: 7_000)
        #expect(viewport.start == 7_000 && zoomed.following)
    }
}
