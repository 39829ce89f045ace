import ArgumentParser
import Foundation
import InterleaveCore
import InterleaveExplore
import InterleaveProbe
import InterleaveRecording
import InterleaveScenario

/// `interleave explore`: searches schedules for one that fails, shrinks it, and saves it as a recording.
struct ExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Search many schedules of a scenario for one that fails, shrink it, and save it for replay.",
        discussion: """
            Runs the scenario headless under many schedules, on several workers. A schedule fails when an \
            expectation does not hold, it deadlocks, two threads race on a shared variable (no \
            synchronization orders their accesses) or an update is lost, the program makes an error, or \
            it hits the step limit. The first failing schedule is shrunk (fewer choices that differ from \
            the default schedule) and saved as a recording: 'interleave replay FILE' opens it at the \
            failing step.

            Strategies: random (schedule i makes random choices from seed S+i, which also moves the \
            timing noise), pct (probabilistic concurrency testing, bug depth --depth), dfs (depth first \
            at seed S: without --preemptions, on one core under a policy that may switch at any \
            shared access (--policy random --cores 1), every distinct order of the threads' \
            dependent steps, and "all N distinct interleavings explored" when it has covered them \
            (dynamic partial-order reduction), elsewhere every schedule (at most 2 choices off the \
            default where switching threads back and forth has no end); with --preemptions K, every schedule with at most K \
            choices that differ from the default, and --reduce skips orders of independent steps \
            already tried). The choices come from the \
            policy: under gil and free the schedules differ only where the OS or the hardware would \
            decide; --policy random (with --cores 1) lets a thread be switched out at any shared access.

            Exit status: 0 when no schedule failed, 1 when one did, 2 for bad input.
            """
    )

    @Argument(help: "A scenario file, or the name of a catalogue scenario.")
    var scenario: String

    @Option(help: ArgumentHelp("How to choose schedules: random, pct or dfs.", valueName: "name"))
    var strategy: String = "random"

    @Option(help: "Stop after this many schedules (default 1000 for random and pct, 100000 for dfs).")
    var runs: Int?

    @Option(help: ArgumentHelp("Stop after this much wall-clock time, such as 10s.", valueName: "duration"),
            transform: DurationArgument.parse)
    var time: DurationArgument?

    @Option(help: "dfs: the most choices in a schedule that differ from the default one (default: no bound where partial-order reduction applies or the schedules are finitely many, else 2).")
    var preemptions: Int?

    @Option(help: "Workers running schedules at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Where to save the failing schedule's recording (default <scenario>.failure.ilvrec, without .py).", valueName: "file"))
    var out: String?

    @Flag(help: "Go on after the first failure and count the distinct failures (each is shrunk and saved).")
    var all = false

    @Flag(help: "dfs with --preemptions: skip orders of independent steps already tried (sleep sets): fewer schedules, but timing and the bound make it approximate here.")
    var reduce = false

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("What counts as a failure, separated by commas (default all): "
                + FailureKind.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "kinds"))
    var failOn: String?

    @Flag(help: "Explore a Python program in a real CPython (python3 on PATH, or --python): each schedule a fresh process under Interleave's schedule.")
    var real = false

    @Option(help: ArgumentHelp("The Python to run a --real program with (3.11 to 3.13; default python3 on PATH).", valueName: "path"))
    var python: String?

    @Flag(help: "With --real: every read and write of a module global or an attribute of the program's own objects is a scheduling point too (lost updates, races; needed for dfs's reduction).")
    var accesses = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("With --real: the program's own arguments, after --.", valueName: "args"))
    var programArguments: [String] = []

    @OptionGroup var machine: MachineOptions

    func validate() throws {
        if real {
            if machine.policy != nil || machine.shapesSimulator {
                throw ValidationError("--policy, --cores and the other machine options shape the simulator; with --real the strategy chooses who goes next at every point. Only --seed and --depth apply.")
            }
            if !Scenario.isPython(scenario) { throw ValidationError("--real explores a Python program (a .py file), not '\(scenario)'.") }
            if reduce { throw ValidationError("--reduce needs the simulator; with --real, dfs without --preemptions reduces by itself (with --accesses).") }
        } else if python != nil || accesses || !programArguments.isEmpty {
            throw ValidationError(python != nil ? "--python goes with --real." : accesses ? "--accesses goes with --real."
                : "a program's own arguments (after --) go with --real.")
        }
        guard ["random", "pct", "dfs"].contains(strategy) else {
            throw ValidationError("unknown strategy '\(strategy)'. Choose one of: random, pct, dfs.")
        }
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1.") }
        if let time, time.nanoseconds == 0 { throw ValidationError("--time must be more than 0.") }
        if let preemptions, preemptions < 0 { throw ValidationError("--preemptions must be 0 or more.") }
        if reduce && (strategy != "dfs" || preemptions == nil) {
            throw ValidationError("--reduce goes with --strategy dfs --preemptions K (without a bound, dfs reduces by itself).")
        }
        if preemptions != nil && strategy != "dfs" {
            throw ValidationError("--preemptions goes with --strategy dfs.")
        }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256, not \(jobs).") }
        _ = try kinds()
    }

    /// The kinds of failure that count.
    func kinds() throws -> Set<FailureKind> {
        guard let failOn else { return Set(FailureKind.allCases) }
        var kinds: Set<FailureKind> = []
        for word in failOn.split(separator: ",", omittingEmptySubsequences: false) {
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let kind = FailureKind(rawValue: name) else {
                throw ValidationError("--fail-on: unknown kind '\(name)'. Choose from: "
                    + FailureKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    func run() async throws {
        if real {
            try await runReal()
            return
        }
        let scenario = try ScenarioLoader.load(self.scenario)
        let settings = scenario.settings.overridden(by: machine.overrides)
        let config = settings.config
        let out = self.out ?? "\(scenario.stem).failure.ilvrec"
        try OutputFile.checkNotInput(out, option: "--out", input: self.scenario, what: "scenario")
        try OutputFile.checkWritable(out, option: "--out")
        // The machine model is the policy's; the strategy answers its choices.
        let trial = Trial(program: scenario.program, config: config, kinds: try kinds())
        let hint = config.policy.preemptAtVisibleSteps ? nil : { (choices: Double) in
            String(format: "Under policy \(config.policy.name) the schedules differ only where it makes a choice (which "
                + "waiter gets a lock or the GIL, which of two steps at the same moment goes first): %.1f a schedule here. "
                + "To let a thread be switched out at any shared access, try --policy random (and --cores 1 to put the "
                + "threads on one core).", choices)
        }
        try await search(trial, name: scenario.name, strategy: strategy(depth: settings.depth), seed: config.seed, runs: (1000, 100_000),
                         machine: "policy \(config.policy.name), \(plural(config.cores, "core"))", out: out, hint: hint) { seed, focus in
            var recorded = config
            recorded.seed = seed
            recorded.policy = .answered(config.policy)
            var header = RecordingFile.header(scenario, config: recorded)
            header.focus = focus
            return header
        }
    }

    /// `explore prog.py --real`: the program's schedules, each a process under Interleave's schedule.
    func runReal() async throws {
        let path = scenario
        let source = try RealRun.program(at: path)
        let name = Scenario.name(ofFile: path)
        let out = self.out ?? "\(Scenario.stem(of: name)).failure.ilvrec"
        try OutputFile.checkNotInput(out, option: "--out", input: path, what: "program")
        try OutputFile.checkWritable(out, option: "--out")
        let interpreter: (path: String, version: String)
        do { interpreter = try await ObservedProcess.interpreter(python) } catch {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        let program = Program.observed(name, by: interpreter.version, controlled: true)
        // Every schedule reads the same clock from the same start, which the recording keeps.
        let scheduling = ObservedProcess.Scheduling(epoch: Int64(Date().timeIntervalSince1970 * 1e9), accesses: accesses)
        let script = RealRun.absolutePath(path)
        var trial = RealTrial(program: program, kinds: try kinds(), python: interpreter.path, script: script,
                              arguments: programArguments, scheduling: scheduling)
        // One warm interpreter forks each schedule's process (an interpreter's start each otherwise).
        let zygote = try? Zygote.start(python: interpreter.path)
        trial.zygote = zygote
        defer { zygote?.stop() }
        let arguments = programArguments
        let hint = accesses ? nil : { (_: Double) in
            "Only operations on threads and synchronization objects were scheduling points: add --accesses to let a "
                + "thread be switched out at any read or write of a shared variable (lost updates, races)."
        }
        // A schedule is a process: fewer by default.
        try await search(trial, name: name, strategy: strategy(depth: machine.depth), seed: machine.seed ?? 1, runs: (100, 10_000),
                         machine: "real \(interpreter.version)" + (accesses ? ", every shared access a point" : ""),
                         out: out, hint: hint) { seed, focus in
            var header = RecordingFile.header(controlled: program, source: source, policy: .answered(.random), seed: seed,
                                              path: script, arguments: arguments, scheduling: scheduling)
            header.focus = focus
            return header
        }
    }

    /// The strategy asked for, PCT with bug depth `depth` (3 by default).
    func strategy(depth: Int?) -> Strategy {
        switch self.strategy {
        case "pct": return .pct(depth: depth ?? 3)
        case "dfs": return .dfs(preemptions: preemptions)
        default: return .random
        }
    }

    /// Searches `trial`'s schedules, says what it found, and saves each failure shrunk (with
    /// `header(seed, focus)` for its recording). `hint` says how to vary more when nothing failed.
    /// `runs`: how many schedules when neither --runs nor --time says (random and PCT; dfs).
    func search<Runner: ScheduleRunner>(_ trial: Runner, name: String, strategy: Strategy, seed: UInt64,
                                        runs defaults: (sampled: Int, systematic: Int), machine: String,
                                        out: String, hint: ((Double) -> String)?,
                                        header: (UInt64, UInt64) -> RecordingHeader) async throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let runs = self.runs ?? (time != nil ? nil : strategy == .dfs(preemptions: preemptions) ? defaults.systematic : defaults.sampled)
        let explorer = Explorer(trial: trial, strategy: strategy, seed: seed, jobs: jobs, keepGoing: all, sleepSets: reduce)
        let clock = ContinuousClock()
        let deadline = time.map { clock.now + .nanoseconds(Int64(clamping: $0.nanoseconds)) }

        var bound = ""
        if explorer.reduces {
            bound = " (every order of dependent steps)"
        } else if case .dfs = strategy {
            bound = explorer.depthBound.map { k in " (at most \(k) choice\(k == 1 ? "" : "s") off the default)" }
                ?? " (every schedule, no bound)"
        }
        let limit = [runs.map { "\($0) schedules" }, time.map { "\(formatTime($0.nanoseconds)) of wall-clock time" }]
            .compactMap { $0 }.joined(separator: " or ")
        print("Exploring \(name): strategy \(strategy.name)\(bound), \(machine), "
            + "seed \(seed), \(plural(explorer.jobs, "job")), up to \(limit)")
        fflush(nil)
        let progress = ProgressLine()
        let started = clock.now
        let report = await explorer.run(Exploration.Limits(runs: runs, deadline: deadline)) { progress.show($0) }
        progress.clear()
        let elapsed = clock.now - started
        if report.diverged {
            print("A run left the schedule it was given (the program did not repeat itself): "
                + "what it cut off was not explored, so no coverage is claimed.")
        }
        if report.unstarted > 0 {
            print("\(plural(report.unstarted, "schedule")) could not be run (the program's process did not start).")
        }
        if case .dfs(nil) = strategy, let blocker = trial.reductionBlocker {
            let what = explorer.depthBound.map { "dfs keeps to \($0) choices off the default (--preemptions K for more)" }
                ?? "dfs runs every schedule"
            print("Partial-order reduction \(blocker), so \(what).")
        }
        let seconds = elapsed.seconds
        let rate = seconds > 0 ? Int(Double(report.schedules) / seconds) : report.schedules
        let done = "\(plural(report.schedules, "schedule")) in \(String(format: "%.1f", seconds))s (\(rate)/s)"

        guard let first = report.first else {
            if report.exhausted, report.reduced {
                print("All \(plural(report.interleavings, "distinct interleaving")) explored, no failure: "
                    + reduction(report, schedules: done) + ".")
            } else if report.reduced {
                print("No failure in \(done); \(plural(report.interleavings, "distinct interleaving")) seen, "
                    + "not all of them (the search stopped at \(stoppedAt(elapsed))).")
            } else if report.exhausted {
                let skipped = report.skipped == 0 ? "" : " (and \(report.skipped) more stopped early as reorderings of "
                    + "independent steps already covered)"
                // Every schedule with no bound: nothing to add.
                let within = explorer.depthBound == nil ? "" : bound
                print(report.schedules == 1 ? "The only schedule\(within) was run\(skipped): no failure." :
                      "All \(report.schedules) schedules explored\(within)\(skipped), no failure.")
            } else {
                print("No failure in \(done).")
            }
            let names = EventNames(program: trial.program)
            for cycle in report.cycles {
                print("warning: locks taken in a cycle (a potential deadlock, not counted as a failure): "
                    + ([cycle[0].held] + cycle.map(\.taken)).map { "'\(names.lock($0))'" }.joined(separator: " → "))
            }
            // Few choices to vary: say what was varied, and how to vary more (unless the reason
            // the reduction does not apply said so already).
            if let hint, strategy != .dfs(preemptions: nil) { print(hint(report.choicesPerSchedule)) }
            return
        }
        let findings = all ? report.findings : [first]
        if all, report.reduced {
            let coverage = report.exhausted ? "all \(plural(report.interleavings, "distinct interleaving")) explored"
                : "\(plural(report.interleavings, "distinct interleaving")) seen, not all of them (the search stopped at \(stoppedAt(elapsed)))"
            print("\(report.findings.count) distinct failure\(report.findings.count == 1 ? "" : "s"); \(coverage): "
                + reduction(report, schedules: done) + ":")
        } else if all {
            print("\(report.findings.count) distinct failure\(report.findings.count == 1 ? "" : "s") in \(done):")
        } else if first.schedule.order.count == 1, first.schedule.order[0] >= 0 {
            print("FAILED: schedule #\(first.schedule.order[0]) (seed \(first.schedule.seed)) fails; \(done).")
        } else {
            print("FAILED: a schedule fails; \(done).")
        }
        for (n, finding) in findings.prefix(ExploreCommand.maxSaved).enumerated() {
            let path = n == 0 ? out : ExploreCommand.numbered(out, n + 1)
            try await save(finding, number: n + 1, of: findings.count, among: report.schedules, path: path, trial: trial, header: header)
        }
        if findings.count > ExploreCommand.maxSaved {
            print("(The first \(ExploreCommand.maxSaved) were saved; the others are counted above.)")
        }
        throw ExitCode.runFailed
    }

    /// Distinct failures saved with --all at most.
    static let maxSaved = 10

    /// Shrinks `finding`'s schedule, saves it as a recording at `path`, and says what failed and how to open it.
    func save<Runner: ScheduleRunner>(_ finding: Exploration.FoundFailure, number: Int, of count: Int, among totalSchedules: Int,
                                      path: String, trial: Runner, header makeHeader: (UInt64, UInt64) -> RecordingHeader) async throws {
        let target = finding.failure.identity
        let shrinker = Shrinker(trial: trial, seed: finding.schedule.seed, target: target)
        // Off the async pool's threads: a runner may wait for processes.
        let shrunk = await Exploration.onThread { shrinker.shrink(finding.schedule.answers) }
        // The shrunk schedule, run to the failure (for its event number) and then to its end (for the recording).
        let atFailure = await Exploration.onThread {
            trial.run(.manual, seed: finding.schedule.seed, answers: shrunk.answers, stopAt: target)
        }
        guard let failure = atFailure.failures.first(where: { $0.identity == target }) else {
            ScenarioLoader.report(["interleave: the shrunk schedule no longer fails (a bug in Interleave: please report it)"])
            throw ExitCode.runFailed
        }
        let header = makeHeader(finding.schedule.seed, failure.event.seq)
        // A recording that can't be written is said after what failed, which matters more.
        var writeError: String?
        var writer: RecordingWriter?
        do {
            let file = try OutputFile(path, option: "--out", buffered: false)
            writer = try RecordingWriter(header: header) { bytes in try file.write(bytes: bytes) }
        } catch let error as ExitCode {
            _ = error
            writeError = "see the message above"
        } catch {
            writeError = error.localizedDescription
        }
        // The whole run, into the recording; what else failed in it, and its lock-order cycles.
        let (run, events) = await Exploration.onThread {
            var events: [Event] = []
            let run = trial.run(.manual, seed: finding.schedule.seed, answers: shrunk.answers) { events += $0 }
            return (run, events)
        }
        var names = EventNames(program: trial.program)
        for event in events { names.observe(event) }
        do {
            try writer?.append(events)
            try writer?.finish()
        } catch {
            writeError = error.localizedDescription
        }
        let alsoSeen = run.failures.filter { $0.identity != target }
        let cycles = run.cycles
        let eventCount = run.events

        let heading = count > 1 ? "\(number). " : ""
        print("")
        print("\(heading)\(failure.describe(names))")
        if all { print("   shown by \(plural(finding.schedules, "schedule")) of \(plural(totalSchedules, "schedule"))") }
        if !alsoSeen.isEmpty {
            print("   the same run also shows: " + alsoSeen.map { other in
                other.kind.noun + (other.kind == .race || other.kind == .lostUpdate ? " on " + names.variable(other.identity.subject) : "")
            }.joined(separator: "; "))
        }
        for cycle in cycles {
            print("   warning: locks taken in a cycle (a potential deadlock): \(names.describe(lockOrder: cycle))")
        }
        let before = finding.schedule.answers.count { $0 != 0 }
        let shrinking: String
        if shrunk.departures == 0 {
            shrinking = "the default schedule itself fails (no choice differs from first come, first served)"
                + (before == 0 ? "" : "; shrunk from \(plural(before, "choice")) off it in \(plural(shrunk.runs, "run"))")
        } else if shrunk.departures == before {
            shrinking = "\(plural(before, "choice")) off the default schedule (\(plural(shrunk.preemptions, "preemption"))), "
                + "none of which can go"
        } else {
            shrinking = "shrunk from \(plural(before, "choice")) off the default schedule to \(shrunk.departures) "
                + "(\(plural(shrunk.preemptions, "preemption"))) in \(plural(shrunk.runs, "run"))"
        }
        print("   \(shrinking); seed \(finding.schedule.seed), \(eventCount) events, the failure at #\(failure.event.seq)")
        fflush(nil)
        if let writeError {
            ScenarioLoader.report(["interleave: \(path): the recording could not be written (\(writeError))"])
            return
        }
        print("   saved to \(path); open it at the failing step with:")
        print("     interleave replay \(ExploreCommand.quoted(path))")
    }


    /// Which limit stopped a search that did not finish, after `elapsed`.
    func stoppedAt(_ elapsed: Swift.Duration) -> String {
        if let time, elapsed >= .nanoseconds(Int64(clamping: time.nanoseconds)) {
            return "its time limit, \(formatTime(time.nanoseconds))"
        }
        return "its limit of \(plural(runs ?? 100_000, "schedule"))"
    }

    /// What the reduced search ran and what it left out as equivalent.
    func reduction(_ report: Exploration.Report, schedules: String) -> String {
        var parts = [schedules]
        if report.skipped > 0 {
            parts.append("\(plural(report.skipped, "run")) stopped early as reorderings of independent steps")
        }
        parts.append("\(plural(report.skippedOptions, "alternative")) at choice points left out as equivalent")
        return parts.joined(separator: "; ")
    }

    /// `n` and `word`, plural when `n` is not 1.
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// `out` with `-n` before its extension.
    static func numbered(_ path: String, _ n: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let base = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
        return ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
    }

    /// A path as a shell would need it.
    static func quoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
