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

/// The mouse with more candidates than number keys.
@Suite struct AppMouseManyThreadsTests {
    @Test func aCandidatePastNineIsPickedByAClick() throws {
        let source = """
            import threading
            go = threading.Event()
            def wait():
                go.wait()
            threads = [threading.Thread(target=wait) for _ in range(11)]
            for t in threads:
                t.start()
            go.set()
            for t in threads:
                t.join()
            """
        let scenario = try Scenario.compile(source, name: "eleven.py").get()
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        config.cores = 1
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 200, height: 50)
        var simulation = Simulation(program: scenario.program, config: config)
        var events: [Event] = []
        // The first answer each time until the eleven threads, set going at once, wait for the core.
        var request: ChoiceRequest?
        while true {
            guard case .awaitingChoice(let next) = simulation.run(RunLimit(maxEvents: 100_000), into: &events) else { break }
            if next.options.count >= 10 { request = next; break }
            try simulation.answer(0)
        }
        let choice = try #require(request)
        _ = app.update(.session(.events(events)))
        _ = app.update(.session(.awaitingChoice(choice)))
        let grid = screen(app)
        let top = try #require((0..<grid.height).first { grid.line($0).contains("Your choice") })
        // The banner takes two lines: "9 Thread-8" ends the first, "(wait)" starts the second.
        #expect(grid.line(top).hasSuffix("9 Thread-8") || grid.line(top).trimmingCharacters(in: .whitespaces).hasSuffix("9 Thread-8"),
                "\(grid.line(top))")
        let second = grid.line(top + 1)
        let label = "10 \(app.world.threads[Int(choice.options[App.keyOrder(choice.options)[9]])].name)"
        let range = try #require(second.range(of: label), "\(second)")
        let first = second.distance(from: second.startIndex, to: range.lowerBound)
        func pick(_ key: Int) -> [App.Command] { [.control(.choose(App.keyOrder(choice.options)[key]))] }
        // The tenth's first and last character pick it, the space before it nothing, and both
        // halves of the ninth (wrapped) the ninth.
        let ninth = grid.line(top).trimmingCharacters(in: .whitespaces).count - 1
        for (x, y, expected) in [(first, top + 1, pick(9)), (first + label.count - 1, top + 1, pick(9)), (first - 1, top + 1, []),
                                 (ninth, top, pick(8)), (2, top + 1, pick(8))] {
            var clicked = app
            #expect(clicked.update(.mouse(MouseEvent(.press, x: x, y: y))) == expected, "column \(x) of row \(y)")
        }
    }
}
