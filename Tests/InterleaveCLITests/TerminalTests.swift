import Foundation
import InterleaveTestSupport
import Testing

/// The full-screen view in a real terminal (tmux): keys in, screen out, the terminal given back.
@Suite(.serialized) struct TerminalTests {
    /// The number after "·" and before " events" in the header.
    func eventCount(_ screen: String) -> Int? {
        guard let header = screen.split(separator: "\n").first,
              let range = header.firstRange(of: " events") ?? header.firstRange(of: " ev ") else { return nil }
        let digits = header[..<range.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    @Test func itStartsPausesStepsAndQuitsGivingTheTerminalBack() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run lock_counter")
        defer { tmux.close() }
        var screen = tmux.waitFor("Thread-1 (increment)")
        #expect(screen.contains("lock_counter.py · gil"), "the header names the scenario and the policy")
        #expect(screen.contains("Thread-1 (increment)"), "the timeline appears")
        #expect(screen.contains("space pause"))
        tmux.send("Space")
        screen = tmux.waitFor("‖ paused")
        #expect(screen.contains("‖ paused"))
        Thread.sleep(forTimeInterval: 0.3)
        let before = try #require(eventCount(tmux.capture()))
        tmux.send(".")
        screen = tmux.waitFor(10) { self.eventCount($0) == before + 1 }
        #expect(eventCount(screen) == before + 1, "a step adds one event")
        tmux.send("q")
        screen = tmux.waitFor("EXIT=")
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("Scenario: lock_counter.py"), "the summary is printed after the view closes")
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "0 1")
    }

    @Test func aManualPickRunsTheChosenThread() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --policy manual")
        defer { tmux.close() }
        var screen = tmux.waitFor("Your choice")
        #expect(screen.contains("? your choice"))
        #expect(screen.contains("1 MainThread · 2 Adder-1"))
        tmux.send("2")
        screen = tmux.waitFor("→ Adder-1")
        #expect(screen.contains("[MainThread, Adder-1] → Adder-1"), "the choice event names the pick")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func theCodeBesideTheLogShowsWhereEachThreadIsAndFollowsThePick() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --policy manual --cores 1")
        defer { tmux.close() }
        var screen = tmux.waitFor("Your choice")
        // 120 columns: the code stands beside the log; main is at the line that starts Adder-1.
        #expect(screen.contains("[code: A MainThread at line 35]"), "\(screen)")
        #expect(screen.contains("│ A   35 t1.start()"), "\(screen)")
        tmux.send("2")
        // Adder-1 goes: the code follows it to the increment, its letter in the gutter.
        screen = tmux.waitFor("[code: B Adder-1 at line 30]")
        #expect(screen.contains("│ B   30         counter += 1"), "\(screen)")
        #expect(screen.contains("L30  Adder-1: read counter = 0"), "the log gives each event's line")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func theMouseSelectsALaneShowsATabAndIsGivenBackAtTheEnd() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run lock_counter --speed 1us")
        defer { tmux.close() }
        var screen = tmux.waitFor("Thread-2 (increment)")
        #expect(tmux.display("#{mouse_any_flag}") == "1", "the view asks for the mouse")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lane = try #require(lines.firstIndex { $0.hasPrefix("C Thread-2") })
        tmux.mouse(button: 0, x: 50, y: lane)
        screen = tmux.waitFor("[code: C Thread-2 (increment)")
        #expect(screen.contains("[code: C Thread-2 (increment)"), "the code follows the lane clicked: \(screen)")
        let tabs = try #require(lines.firstIndex { $0.hasPrefix("─[events]") })
        let summary = try #require(lines[tabs].range(of: "summary"))
        tmux.mouse(button: 0, x: lines[tabs].distance(from: lines[tabs].startIndex, to: summary.lowerBound) + 1, y: tabs)
        screen = tmux.waitFor("[summary]")
        #expect(screen.contains("[summary]"), "\(screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
        #expect(tmux.display("#{mouse_any_flag} #{alternate_on}") == "0 0", "the mouse is the terminal's again")
    }

    @Test func theViewOpensAtTheSpeedAskedForOrOneFittedToTheRun() throws {
        // workers.py lasts 2 s: fitted, it plays in real time; asked for, at 10 ms a second.
        for (options, speed) in [("", "· 1s/s"), (" --speed 10ms", "· 10ms/s")] {
            let tmux = try TmuxSession("\(try interleaveBinary()) run workers\(options)")
            defer { tmux.close() }
            let screen = tmux.waitFor("Worker-4")
            #expect(screen.split(separator: "\n").first?.hasSuffix(speed) == true, "\(screen)")
            tmux.send("q")
            #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
        }
    }

    @Test func noMouseLeavesTheMouseToTheTerminal() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run lock_counter --no-mouse")
        defer { tmux.close() }
        tmux.waitFor("Thread-2 (increment)")
        #expect(tmux.display("#{mouse_any_flag} #{alternate_on}") == "0 1")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV])
    func aSignalGivesTheTerminalBackToo(_ number: Int32) throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run lock_counter")
        defer { tmux.close() }
        tmux.waitFor("lock_counter.py · gil")
        #expect(tmux.display("#{alternate_on} #{keypad_cursor_flag}") == "1 1")
        tmux.signal(number)
        let screen = tmux.waitFor("EXIT=")
        #expect(screen.contains("EXIT=\(128 + number)"))
        // The full screen left, the cursor shown, keypad-transmit mode off (arrows send ESC [ A again).
        #expect(tmux.display("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag}") == "0 1 0 0 0")
    }

    @Test func withoutAUTF8LocaleTheViewDrawsInASCII() throws {
        let tmux = try TmuxSession("env LANG=C LC_ALL=C \(try interleaveBinary()) run workers", width: 100, height: 30)
        defer { tmux.close() }
        let screen = tmux.waitFor("Finished: completed")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        // Each glyph is one ASCII cell, so what follows it stays in place.
        #expect(lines.first?.hasPrefix(" Interleave . workers.py . gil . 2 cores . seed 1") == true, "\(screen)")
        #expect(lines.first?.contains(" 2.000s . 148 events . ") == true, "\(screen)")
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func aResizeRedrawsAtTheNewSize() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run workers", width: 120, height: 40)
        defer { tmux.close() }
        tmux.waitFor("workers.py · gil")
        tmux.resize(width: 90, height: 30)
        let screen = tmux.waitFor(10) { screen in
            screen.split(separator: "\n").first.map { $0.hasSuffix("1s/s") && $0.count <= 90 } ?? false
        }
        #expect(screen.split(separator: "\n").first?.hasSuffix("1s/s") == true)
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func aTinyWindowSaysHowBigItNeedsToBe() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run workers", width: 60, height: 15)
        defer { tmux.close() }
        #expect(tmux.waitFor("needs a terminal of at least").contains("80×24"))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func noColorDrawsWithoutColourButWithTheSameGlyphs() throws {
        /// Whether a capture sets a foreground or background colour (SGR 30-38, 40-48, 90-97,
        /// 100-107; 39 and 49 only restore the defaults).
        func hasColour(_ screen: String) -> Bool {
            screen.split(separator: "\u{1B}").contains { sequence in
                guard sequence.hasPrefix("["), let end = sequence.firstIndex(of: "m") else { return false }
                return sequence[sequence.index(after: sequence.startIndex)..<end].split(separator: ";").contains { code in
                    guard let value = Int(code) else { return false }
                    return (30...38).contains(value) || (40...48).contains(value) || (90...97).contains(value)
                        || (100...107).contains(value)
                }
            }
        }
        let coloured = try TmuxSession("\(try interleaveBinary()) run workers")
        defer { coloured.close() }
        coloured.waitFor("Worker-4")
        #expect(hasColour(coloured.capture(escapes: true)))
        for (name, environment, flag) in [("NO_COLOR", ["NO_COLOR": "1"], ""), ("--no-color", [:], " --no-color")] {
            let plain = try TmuxSession("\(try interleaveBinary()) run workers\(flag)", environment: environment)
            defer { plain.close() }
            let screen = plain.waitFor("Worker-4")
            #expect(screen.contains("zzzz"), "\(name): the glyphs still tell states apart")
            #expect(!hasColour(plain.capture(escapes: true)), "\(name): no colour")
        }
    }

    @Test func aDumbTerminalGetsAMessageAndStatusTwo() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run workers", environment: ["TERM": "dumb"])
        defer { tmux.close() }
        let screen = tmux.waitFor("EXIT=")
        #expect(screen.contains("TERM=dumb can't show the full-screen view"))
        #expect(screen.contains("EXIT=2"))
    }

    @Test func outputThatIsNotATerminalGetsAMessageAndStatusTwo() throws {
        // The view's standard output goes to a file: it refuses, and says what to use instead.
        let tmux = try TmuxSession("\(try interleaveBinary()) run workers > /dev/null")
        defer { tmux.close() }
        let screen = tmux.waitFor("EXIT=")
        #expect(screen.contains("standard output is not one"))
        #expect(screen.contains("add --headless (text), --json or --events"))
        #expect(screen.contains("EXIT=2"))
    }

    @Test func aDeadlockEndsTheLiveRunWithItsBannerAndTheSummaryScreen() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run philosophers")
        defer { tmux.close() }
        let screen = tmux.waitFor("■ DEADLOCK")
        #expect(screen.contains("DEADLOCK: P"))
        #expect(screen.contains("[summary]") && screen.contains("Outcome: DEADLOCK"))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=1"), "a deadlocked run fails, as headless")
    }

    @Test func theStepsAxisAndARestartUnderAnotherPolicy() throws {
        // TERM=xterm-256color inside tmux: Home and End arrive as sequences that TERM does not
        // describe (ESC [ 1 ~), and still work; a bare Esc does not quit.
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --policy gil",
                                   environment: ["TERM": "xterm-256color"])
        defer { tmux.close() }
        tmux.waitFor("Adder-2")
        tmux.send("t")
        #expect(tmux.waitFor("1 column = 1 event").contains("╵#"))
        tmux.send("Home")
        #expect(tmux.waitFor("╵#10 ").contains("╵#0 "), "home: the first events")
        tmux.send("Escape")
        // The status bar answers Esc with "q quits" (the end-of-run banner says so too, so wait for the bar).
        let afterEscape = tmux.waitFor { screen in
            screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }?.trimmingCharacters(in: .whitespaces) == "q quits"
        }
        #expect(afterEscape.contains("unlocked_counter.py · gil"))
        tmux.send("P")
        let screen = tmux.waitFor("unlocked_counter.py · gil-legacy")
        #expect(screen.contains("1 column = 1 event"), "the restarted view keeps its axis")
        tmux.send("q")
        let end = tmux.waitFor("EXIT=")
        #expect(end.contains("policy gil-legacy"), "the summary printed is the last run's")
        #expect(end.contains("EXIT=0"), "at the default switch interval neither GIL switches inside an increment here")
    }
}

/// Watchpoints from the command line, in the built binary.
@Suite(.serialized) struct WatchpointCommandTests {
    @Test func breakOnALostUpdateStopsTheViewThere() throws {
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --break-on lost-update")
        defer { tmux.close() }
        let screen = tmux.waitFor("stopped at #")
        #expect(screen.contains("LOST UPDATE on counter"), "\(screen)")
        #expect(screen.contains("⏪ #"), "the view shows the moment, as the past")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT="))
    }

    @Test func badWatchpointsAreRefusedWithTheReason() throws {
        for (arguments, message) in [
            (["run", "workers", "--break-at", "99"], "--break-at 99: workers.py has 25 lines."),
            (["run", "workers", "--break-at", "2"], "line 2 of workers.py has no code that runs"),
            (["run", "workers", "--break-at", "two"], "'two' is not a line number"),
            (["run", "workers", "--break-on", "races"], "'races' is not one of race, lost-update, deadlock"),
            (["run", "workers", "--break-on", "race", "--headless"], "a run with --headless, --json or --events has none to pause"),
        ] {
            let result = try runInterleave(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
