import InterleaveApp
import InterleaveScenario
import InterleaveTestSupport
import InterleaveCore
import InterleaveUI
import Testing

/// Stepping back, forward, to a choice, and to any event or time of the run so far.
@Suite struct AppPastTests {
    /// What the app says about the run at its current event: thread states, lock holders and
    /// waiters, shared values, and the summary's figures.
    func state(_ app: App) -> String {
        let threads = app.world.threads.indices.map { "\(app.world.threads[$0].name): \(app.activity($0).label)" }
        let locks = app.world.locks.map { "\($0.holder >= 0 ? String($0.holder) : "free") \($0.waiters)" }
        return (threads + locks + ["\(app.summary.shared)", app.summaryNow.text(config: app.config)]).joined(separator: "\n")
    }

    @Test func steppingBackShowsTheStateThenAndSteppingForwardGivesBackTheSameScreen() throws {
        var (app, run) = try app("philosophers", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character(" ")))
        let before = screen(app)
        for _ in 0..<40 { _ = app.update(.key(.character(","))) }
        let n = try #require(app.viewing)
        #expect(n == run.events.count - 41)
        // The state is the one a run that stopped at event n shows.
        var (fresh, _) = try InterleaveAppTests.app("philosophers", width: 120, height: 40)
        _ = fresh.update(.session(.events(Array(run.events[...n]))))
        #expect(state(app) == state(fresh))
        #expect(app.window == fresh.window, "the same stretch of time as the live view had then")
        #expect(screen(app).line(0).contains("⏪ #\(n) of \(run.events.count)"))
        #expect(screen(app).text.contains("▼"), "the lanes mark the event")
        for _ in 0..<40 { _ = app.update(.key(.character("."))) }
        #expect(app.viewing == nil)
        #expect(screen(app).text == before.text, "forward again: exactly the screen there was")
    }

    @Test(arguments: [("workers", Outcome.completed, 20), ("philosophers", Outcome.deadlock, 100)])
    func aPastEventOfAFinishedRunDoesNotSayHowItEnded(_ name: String, _ outcome: Outcome, _ at: Int) throws {
        var (app, run) = try app(name, width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(outcome)))
        #expect(screen(app).text.contains(outcome == .completed ? "Finished: completed" : "DEADLOCK"))
        for key in "g#\(at)" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        #expect(app.viewing == at)
        // All but the code beside the pane (whose source may say "completed").
        let grid = screen(app)
        let text = (0..<grid.height).map { String(grid.line($0).prefix(app.paneWidth)) }.joined(separator: "\n")
        #expect(!text.contains("Finished") && !text.contains("completed") && !text.contains("DEADLOCK"), "\(text)")
    }

    @Test func aLostUpdateMadeByHandShowsBesideTheChoice() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        config.cores = 1
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 120, height: 40)
        // Answers that switch threads between a read and its write, as the issue's keys did.
        var answers = [0, 1, 0, 1, 0, 0, 1].makeIterator()
        let events = simulate(scenario.program, config) { request in min(answers.next() ?? 0, request.options.count - 1) }.events
        let lost = try #require(events.firstIndex { if case .lostUpdate = $0.kind { true } else { false } })
        // The run as the view has it when the next choice waits for a key, the lost update made.
        let next = try #require(events[lost...].firstIndex { if case .choice = $0.kind { true } else { false } })
        guard case .choice(let kind, let options, _) = events[next].kind else { return }
        _ = app.update(.session(.events(Array(events[..<next]))))
        _ = app.update(.session(.awaitingChoice(ChoiceRequest(kind: kind, options: options))))
        let text = screen(app).text
        #expect(app.summary.lostUpdates.count > 0, "the answers make a lost update")
        #expect(text.contains("Your choice") && text.contains("LOST UPDATE on counter"), "\(text)")
    }

    @Test func aPastEventOnTheStepsAxisShowsNothingAfterIt() throws {
        var (app, run) = try app("workers", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.session(.finished(.completed)))
        _ = app.update(.key(.character("t")))
        for key in "g#20" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        let grid = screen(app)
        let axis = try #require((0..<grid.height).first { grid.line($0).contains("▼") })
        let column = try #require(Array(grid.line(axis)).firstIndex(of: "▼"))
        // Each thread's row (of those there were then): nothing drawn right of the event shown.
        for y in (axis + 1)..<(axis + 1 + app.world.threads.count) {
            let after = Array(grid.line(y)).dropFirst(column + 1)
            #expect(after.allSatisfy { $0 == " " }, "row \(y): \(grid.line(y))")
        }
    }

    @Test func capitalAChoosesTheNextHundredThenHandsTheChoicesBack() throws {
        let scenario = try catalogueScenario("lock_counter")
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        config.cores = 1
        config.maxSteps = 20_000
        let events = simulate(scenario.program, config) { _ in 0 }.events
        let choices = events.indices.filter { if case .choice = events[$0].kind { true } else { false } }
        try #require(choices.count > App.chosenAtATime + 1)
        func request(_ at: Int) -> ChoiceRequest {
            guard case .choice(let kind, let options, _) = events[at].kind else { fatalError("not a choice") }
            return ChoiceRequest(kind: kind, options: options)
        }
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 100, height: 30)
        _ = app.update(.session(.events(Array(events[..<choices[0]]))))
        _ = app.update(.session(.awaitingChoice(request(choices[0]))))
        guard case .control(.choose)? = app.update(.key(.character("A"))).first else {
            Issue.record("A answers the waiting choice")
            return
        }
        // The next 99 answer themselves as they come; the one after the hundredth waits for a key.
        for n in 1...App.chosenAtATime {
            _ = app.update(.session(.events(Array(events[choices[n - 1]..<choices[n]]))))
            let commands = app.update(.session(.awaitingChoice(request(choices[n]))))
            if n < App.chosenAtATime {
                #expect(commands.count == 1, "choice \(n) answers itself")
            } else {
                #expect(commands.isEmpty && app.pendingChoice != nil, "the 101st waits")
            }
        }
        #expect(screen(app).text.contains("100 choices made: they wait for you again"))
    }

    @Test func choicesChooseThemselvesUntilSomethingGoesWrong() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        config.cores = 1
        var answers = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0].makeIterator()
        let events = simulate(scenario.program, config) { request in min(answers.next() ?? 0, request.options.count - 1) }.events
        // The first finding: the race the lost update comes with.
        let lost = try #require(events.firstIndex {
            switch $0.kind {
            case .race, .lostUpdate: true
            default: false
            }
        })
        let choices = events.indices.filter { if case .choice = events[$0].kind { true } else { false } }
        func request(_ at: Int) -> ChoiceRequest {
            guard case .choice(let kind, let options, _) = events[at].kind else { fatalError("not a choice") }
            return ChoiceRequest(kind: kind, options: options)
        }
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 120, height: 40)
        _ = app.update(.session(.events(Array(events[..<choices[0]]))))
        _ = app.update(.session(.awaitingChoice(request(choices[0]))))
        guard case .control(.choose)? = app.update(.key(.character("a"))).first else {
            Issue.record("a answers the waiting choice")
            return
        }
        // The next choice before the finding answers itself; the first after it waits.
        let before = try #require(choices.last { $0 < lost && $0 > choices[0] })
        _ = app.update(.session(.events(Array(events[choices[0]..<before]))))
        guard case .control(.choose)? = app.update(.session(.awaitingChoice(request(before)))).first else {
            Issue.record("a choice with nothing wrong yet answers itself")
            return
        }
        let after = try #require(choices.first { $0 > lost })
        _ = app.update(.session(.events(Array(events[before..<after]))))
        #expect(app.update(.session(.awaitingChoice(request(after)))).isEmpty)
        #expect(app.pendingChoice != nil && app.choosingUntil == nil)
        #expect(screen(app).text.contains("something went wrong: the choices wait for you again"))
    }

    @Test func candidatesAreNumberedByThreadWhateverOrderTheEngineListsThem() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = try #require(Policy.named("manual"))
        let events = simulate(scenario.program, config).events
        let choices = events.indices.filter { if case .choice = events[$0].kind { true } else { false } }
        let at = try #require(choices.first { guard case .choice(_, let options, _) = events[$0].kind else { return false }
            return options.count >= 2 && options != options.sorted().reversed() })
        guard case .choice(let kind, let options, _) = events[at].kind else { return }
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 120, height: 40)
        _ = app.update(.session(.events(Array(events[..<at]))))
        // Listed by the engine in an order that is not the threads': the keys go by thread.
        let listed = Array(options.sorted().reversed())
        _ = app.update(.session(.awaitingChoice(ChoiceRequest(kind: kind, options: listed))))
        let grid = screen(app)
        let names = options.sorted().map { app.summary.names.thread($0) }
        #expect(grid.text.contains(names.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " · ")), "\(grid.text)")
        for (number, name) in names.enumerated() {
            let row = try #require((0..<grid.height).first { grid.line($0).hasPrefix(name) })
            #expect(grid.line(row).contains(" \(number + 1) "), "\(grid.line(row))")
        }
        #expect(app.update(.key(.character("1"))) == [.control(.choose(listed.count - 1))], "key 1: the first thread, listed last")
    }

    @Test func goToATimeNotReachedYetSaysSo() throws {
        var (app, run) = try app("workers")
        _ = app.update(.session(.events(Array(run.events.prefix(40)))))
        _ = app.update(.key(.character(" ")))
        #expect(screen(app).line(23).hasPrefix(" space play"), "paused: space plays")
        for key in "g5s" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        #expect(screen(app).line(23).contains("5s is not reached yet: the run is at "), "\(screen(app).line(23))")
        _ = app.update(.key(.character(" ")))
        #expect(screen(app).line(23).hasPrefix(" space pause"), "playing: space pauses")
    }

    @Test func goToAnEventOrATimeAndBackToTheLatestWhileTheRunGoesOn() throws {
        var (app, run) = try app("unlocked_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(5000)))))
        for key in ["g", "#", "1", "2", "0"] { _ = app.update(.key(.character(Character(key)))) }
        #expect(screen(app).line(23).contains("go to: #120"))
        _ = app.update(.key(.enter))
        #expect(app.viewing == 120)
        var (fresh, _) = try InterleaveAppTests.app("unlocked_counter", policy: "free")
        _ = fresh.update(.session(.events(Array(run.events[...120]))))
        #expect(state(app) == state(fresh))
        #expect(app.window == fresh.window, "fitted to the run as it was then, not as it is now")
        // A time: the last event at or before it.
        for key in "g50us" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        let at = try #require(app.viewing)
        #expect(run.events[at].time <= 50_000 && run.events[at + 1].time > 50_000)
        // Nonsense says what it wants.
        for key in "gsoon" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        #expect(screen(app).line(23).contains("'soon' is neither an event number (#120) nor a time (1.5ms)"))
        // The run goes on meanwhile; the view stays where it is, and end brings the latest.
        _ = app.update(.session(.events(Array(run.events[5000..<6000]))))
        #expect(app.viewing == at && app.summary.eventCount == at + 1)
        _ = app.update(.key(.end))
        #expect(app.viewing == nil && app.summary.eventCount == 6000)
    }

    @Test func backToThePreviousChoiceAndOnToTheNext() throws {
        var (app, run) = try app("unlocked_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(3000)))))
        _ = app.update(.key(.character("<")))
        let back = try #require(app.viewing)
        guard case .choice = run.events[back].kind else {
            Issue.record("#\(back) is not a choice")
            return
        }
        let after = run.events[(back + 1)..<3000].contains { if case .choice = $0.kind { true } else { false } }
        #expect(!after, "the last choice so far")
        _ = app.update(.key(.character("<")))
        let earlier = try #require(app.viewing)
        #expect(earlier < back)
        _ = app.update(.key(.character("n")))
        #expect(app.viewing == back, "n: on to the next choice")
    }
}

/// Choosing differently at a past choice (manual policy).
@Suite struct AppBranchTests {
    @Test func aDigitAtAPastChoiceAsksForABranchAndTheAppStartsAgainFromThere() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = .manual(over: .random)
        let events = simulate(scenario.program, config) { _ in 0 }.events
        var app = App(scenario: scenario.name, program: scenario.program, config: config, width: 80, height: 24)
        _ = app.update(.session(.events(Array(events.prefix(400)))))
        _ = app.update(.key(.character(" ")))
        _ = app.update(.key(.character("<")))
        _ = app.update(.key(.character("<")))
        let at = try #require(app.viewing)
        guard case .choice(_, let options, let chosen) = events[at].kind else {
            Issue.record("not at a choice")
            return
        }
        // Keys number the candidates by thread, whatever order the engine listed them in.
        let order = App.keyOrder(options)
        #expect(order.map { options[$0] } == options.sorted())
        func key(_ option: Int) -> Key { .character(Character("\(order.firstIndex(of: option)! + 1)")) }
        #expect(screen(app).text.contains("At #\(at), "), "the banner shows the choice at #\(at), not the latest")
        #expect(app.update(.key(key(Int(chosen)))).isEmpty)
        #expect(screen(app).line(23).contains("that is what happened"))
        let other = (Int(chosen) + 1) % options.count
        let answer = events[..<at].filter { if case .choice = $0.kind { true } else { false } }.count
        #expect(app.update(.key(key(other))) == [.control(.branch(answer: answer, option: other))])
        #expect(app.awaitingBranch)
        // What the session still sends of the old future is ignored; then it confirms the cut.
        _ = app.update(.session(.events(Array(events[400..<450]))))
        #expect(app.store.count == 400)
        _ = app.update(.session(.branched(at: at)))
        #expect(app.store.count == at && app.viewing == nil && !app.awaitingBranch)
        #expect(screen(app).line(23).contains("the run after it is replaced"))
    }

    @Test func withoutTheManualPolicyThePastCannotBeChosenAgain() throws {
        var (app, run) = try app("unlocked_counter", policy: "free")
        _ = app.update(.session(.events(Array(run.events.prefix(500)))))
        _ = app.update(.key(.character("<")))
        #expect(app.update(.key(.character("2"))).isEmpty)
        #expect(screen(app).line(23).contains("choosing again needs the manual policy"))
    }
}
