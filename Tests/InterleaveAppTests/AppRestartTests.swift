import InterleaveApp
import InterleaveCore
import Testing

/// Restarting with the same seed, the next seed, or another policy.
@Suite struct AppRestartTests {
    @Test func restartKeysAskForANewRunUnderTheRightConfiguration() throws {
        var (app, run) = try app("unlocked_counter", policy: "gil")
        _ = app.update(.session(.events(Array(run.events.prefix(50)))))
        var config = app.config
        #expect(app.update(.key(.character("r"))) == [.control(.stop), .restart(config)])
        config.seed += 1
        #expect(app.update(.key(.character("R"))) == [.control(.stop), .restart(config)])
        let commands = app.update(.key(.character("P")))
        guard case .restart(let next)? = commands.last else {
            Issue.record("P restarts")
            return
        }
        #expect(app.config.policy.name == "gil" && next.policy.name == "gil-legacy")
    }

    @Test func aRestartedAppStartsEmptyButKeepsHowYouLookAtIt() throws {
        var (app, run) = try app("unlocked_counter")
        _ = app.update(.session(.events(Array(run.events.prefix(50)))))
        _ = app.update(.key(.character("]")))
        _ = app.update(.key(.character("t")))
        _ = app.update(.key(.down))
        var config = app.config
        config.seed = 77
        config.policy = .free
        let restarted = app.restarted(config: config)
        #expect(restarted.summary.eventCount == 0 && restarted.now == 0 && restarted.play == .playing)
        #expect(restarted.speedIndex == app.speedIndex && restarted.viewport.axis == .steps && restarted.selected == .thread(0))
        #expect(screen(restarted).line(0).contains("free · 2 cores · seed 77"))
    }

    @Test func policiesGoRoundEveryPreset() throws {
        var (app, _) = try app("workers")
        var seen: [String] = []
        for _ in 0..<8 {
            guard case .restart(let config)? = app.update(.key(.character("P"))).last else { return }
            seen.append(config.policy.name)
            app = app.restarted(config: config)
        }
        #expect(Set(seen) == Set(Policy.names) && seen.last == "gil")
    }

    @Test func wAsksToSaveAndTheAnswerShowsInTheStatusBar() throws {
        var (app, _) = try app("workers")
        #expect(app.update(.key(.character("w"))) == [.save])
        _ = app.update(.note("saved 148 events to workers-seed1.ilvrec"))
        #expect(screen(app).line(23).contains("saved 148 events to workers-seed1.ilvrec"))
    }
}
