import InterleaveApp
import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// Watchpoints: a playing run stops at what the user asked to see, and shows it.
@Suite struct AppWatchTests {
    /// `app` with `watchpoints`, as the view starts them from the command line.
    func watching(_ name: String, _ watchpoints: Watchpoints, policy: String? = nil, limit: Int = 50_000) throws -> (App, Run) {
        let (plain, run) = try app(name, width: 120, height: 40, policy: policy, limit: limit)
        let text = try #require(Catalogue.entry(named: name)).text
        let app = App(scenario: try catalogueScenario(name).name, program: plain.world.program, config: plain.config, width: 120, height: 40,
                      source: text, watchpoints: watchpoints)
        return (app, run)
    }

    @Test func aLostUpdateStopsThePlayingRunAndTheViewShowsIt() throws {
        var (app, run) = try watching("unlocked_counter", Watchpoints(moments: [.lostUpdate]), policy: "free", limit: 20_000)
        let lost = run.events.indices.filter { if case .lostUpdate = run.events[$0].kind { true } else { false } }
        #expect(lost.count >= 2)
        // One batch holds them all: the run stops at the first, shown as the past.
        #expect(app.update(.session(.events(run.events))) == [.control(.pause)])
        #expect(app.viewing == lost[0] && app.play == .paused)
        let grid = screen(app)
        #expect(grid.text.contains("stopped at #\(lost[0]): LOST UPDATE on counter"), "\(grid.text)")
        // Space goes on to the next, which the run has made already.
        _ = app.update(.key(.character(" ")))
        #expect(app.viewing == lost[1])
    }

    @Test func aLineStopsTheRunWhenAThreadReachesIt() throws {
        let text = try #require(Catalogue.entry(named: "workers")).text
        let sleepLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("time.sleep(2)") }) + 1
        var (app, run) = try watching("workers", Watchpoints(lines: [Int32(sleepLine)]))
        _ = app.update(.session(.events(run.events)))
        let first = try #require(run.events.firstIndex { $0.line == Int32(sleepLine) })
        #expect(app.viewing == first)
        #expect(screen(app).text.contains("stopped at #\(first): Worker-0 reached line \(sleepLine)"))
        // The next arrival is the next worker's, not Worker-0's next event at the same line.
        _ = app.update(.key(.character(" ")))
        let next = try #require(app.viewing)
        #expect(run.events[next].line == Int32(sleepLine) && run.events[next].thread != run.events[first].thread)
    }

    @Test func xStopsTheRunWhenTheSelectedThreadBlocks() throws {
        var (app, run) = try app("workers", width: 120, height: 40)
        let made = try #require(run.events.firstIndex { if case .threadCreated(1, _, _, _) = $0.kind { true } else { false } }) + 1
        _ = app.update(.session(.events(Array(run.events.prefix(made)))))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.character("x")))
        #expect(screen(app).text.contains("the run stops when Worker-0 blocks"))
        // Not for the GIL: a thread waits for it all the time.
        _ = app.update(.session(.events(Array(run.events.dropFirst(made)))))
        let blocks = run.events.indices.dropFirst(made).filter { index in
            if case .blocked(let target, _, _) = run.events[index].kind, run.events[index].thread == 1 {
                if case .gil = target { return false }
                return true
            }
            return false
        }
        #expect(!blocks.isEmpty)
        #expect(app.viewing == blocks.first, "\(blocks.prefix(3))")
        // x again: no longer.
        _ = app.update(.key(.character("x")))
        #expect(app.watchpoints.isEmpty)
    }

    @Test func aPausedRunIsNotStopped() throws {
        var (app, run) = try watching("unlocked_counter", Watchpoints(moments: [.lostUpdate]), policy: "free", limit: 20_000)
        _ = app.update(.key(.character(" ")))
        #expect(app.play == .paused)
        // Steps the user asked for while paused arrive as events: they are shown, not stopped at.
        _ = app.update(.session(.events(run.events)))
        #expect(app.viewing == nil)
    }
}
