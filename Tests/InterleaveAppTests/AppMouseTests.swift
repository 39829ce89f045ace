import InterleaveApp
import InterleaveCore
import InterleaveRuntime
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The mouse: clicks on lanes, tabs and candidates, and the wheel, found where the screen drew them.
@Suite struct AppMouseTests {
    /// The column where `text` starts on row `y` of the screen.
    func column(of text: String, in grid: Grid, row y: Int) throws -> Int {
        let line = grid.line(y)
        let range = try #require(line.range(of: text), "'\(text)' on row \(y): \(line)")
        return line.distance(from: line.startIndex, to: range.lowerBound)
    }

    @Test func aClickOnALaneSelectsItsThreadOrLockAndASecondOpensTheInspector() throws {
        var (app, run) = try app("lock_counter", width: 120, height: 40, limit: 2_000)
        _ = app.update(.session(.events(run.events)))
        let grid = screen(app)
        let second = try #require(row(grid, startingWith: "B "))
        _ = app.update(.mouse(MouseEvent(.press, x: 40, y: second)))
        #expect(app.selected == .thread(1))
        #expect(app.pane == .events)
        _ = app.update(.mouse(MouseEvent(.press, x: 40, y: second)))
        #expect(app.pane == .inspector, "the selected lane clicked again is inspected")
        let lock = try #require(row(grid, startingWith: "lock"))
        _ = app.update(.mouse(MouseEvent(.press, x: 5, y: lock)))
        #expect(app.selected == .lock(0))
        // The axis and the legend select nothing.
        _ = app.update(.mouse(MouseEvent(.press, x: 40, y: 1)))
        #expect(app.selected == .lock(0))
    }

    @Test func aClickOnATabShowsIt() throws {
        var (app, run) = try app("workers", width: 100, height: 30)
        _ = app.update(.session(.events(run.events)))
        let grid = screen(app)
        let tabs = try #require(row(grid, startingWith: "─[events]"))
        _ = app.update(.mouse(MouseEvent(.press, x: try column(of: "output", in: grid, row: tabs) + 2, y: tabs)))
        #expect(app.pane == .output)
        #expect(screen(app).line(tabs).contains("[output ("))
        _ = app.update(.mouse(MouseEvent(.press, x: try column(of: "inspector", in: grid, row: tabs), y: tabs)))
        #expect(app.pane == .inspector)
    }

    @Test func theWheelZoomsOverTheLanesAndScrollsOverThePane() throws {
        var (app, run) = try app("workers", width: 100, height: 30)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character(" ")))
        let fit = app.window.width
        _ = app.update(.mouse(MouseEvent(.wheelUp, x: 50, y: 3)))
        #expect(app.window.width < fit, "up zooms in")
        _ = app.update(.mouse(MouseEvent(.wheelDown, x: 50, y: 3)))
        _ = app.update(.mouse(MouseEvent(.wheelDown, x: 50, y: 3)))
        #expect(app.window.width == fit, "down zooms back out to the whole run")
        let grid = screen(app)
        let tabs = try #require(row(grid, startingWith: "─[events]"))
        let latest = grid.line(grid.height - 2)
        _ = app.update(.mouse(MouseEvent(.wheelUp, x: 10, y: tabs + 2)))
        #expect(app.scroll == 3, "a notch scrolls three lines back")
        #expect(screen(app).line(grid.height - 2) != latest)
        _ = app.update(.mouse(MouseEvent(.wheelDown, x: 10, y: tabs + 2)))
        #expect(app.scroll == 0)
        #expect(screen(app).line(grid.height - 2) == latest)
    }

    @Test func aClickOnAnEventInTheLogShowsTheRunJustAfterIt() throws {
        var (app, run) = try app("lock_counter", width: 120, height: 40, limit: 2_000)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character(" ")))
        let grid = screen(app)
        let target = run.events.count - 6
        let line = try #require((0..<grid.height).first { grid.line($0).contains("  #\(target)  ") }, "\(grid.text)")
        _ = app.update(.mouse(MouseEvent(.press, x: 20, y: line)))
        #expect(app.viewing == target)
        #expect(screen(app).line(0).contains("⏪ #\(target) of \(run.events.count)"))
        // The last event is the run as it is now.
        _ = app.update(.key(.end))
        let now = screen(app)
        let lastRow = try #require((0..<now.height).first { now.line($0).contains("  #\(run.events.count - 1)  ") })
        _ = app.update(.mouse(MouseEvent(.press, x: 20, y: lastRow)))
        #expect(app.viewing == nil)
    }

    @Test func aClickOnACandidateInTheChoiceBannerPicksIt() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 120, height: 40)
        var simulation = Simulation(program: scenario.program, config: config)
        var events: [Event] = []
        guard case .awaitingChoice(let request) = simulation.run(RunLimit(maxEvents: 10_000), into: &events) else {
            Issue.record("no choice to make")
            return
        }
        _ = app.update(.session(.events(events)))
        _ = app.update(.session(.awaitingChoice(request)))
        let grid = screen(app)
        let banner = try #require((0..<grid.height).first { grid.line($0).contains("Your choice") })
        let name = app.world.threads[Int(request.options[App.keyOrder(request.options)[1]])].name
        let commands = app.update(.mouse(MouseEvent(.press, x: try column(of: "2 \(name)", in: grid, row: banner) + 3, y: banner)))
        #expect(commands == [.control(.choose(App.keyOrder(request.options)[1]))])
        #expect(app.pendingChoice == nil)
    }

    @Test func aClickClosesTheHelpAndDoesNothingElse() throws {
        var (app, run) = try app("lock_counter", width: 120, height: 40, limit: 2_000)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character("?")))
        #expect(app.showingHelp)
        _ = app.update(.mouse(MouseEvent(.press, x: 40, y: 3)))
        #expect(!app.showingHelp)
        #expect(app.selected == nil)
    }
}
