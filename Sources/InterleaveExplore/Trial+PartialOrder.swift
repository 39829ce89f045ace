import InterleaveCore

extension Trial {
    /// Whether partial-order reduction applies to this trial (``reductionBlocker`` is nil).
    public var reducible: Bool { reductionBlocker == nil }

    /// Why partial-order reduction does not apply to this trial's program and machine, as the
    /// rest of a sentence that begins "partial-order reduction", or nil when it does. It needs a
    /// policy that chooses at every visible step and one core (so any thread that can go may go
    /// next, whatever the clock says: on several cores, and under policies that choose only on
    /// ties, the clock decides which choices come up, and reversing a race can need a choice far
    /// from it, such as which thread got which core), and every read of shared state in the
    /// event stream (a call such as `is_set()` or `qsize()` reads and shows nothing).
    public var reductionBlocker: String? {
        if !config.policy.preemptAtVisibleSteps {
            return "needs a policy that may switch threads at every shared access, on one core (--policy random "
                + "--cores 1); under policy \(config.policy.name) the clock decides which choices come up"
        }
        if config.cores != 1 {
            return "needs one core (--cores 1); on \(config.cores) cores the clock decides which choices come up"
        }
        if let read = Trial.unrecordedRead(in: program) {
            return "needs every read of shared state in the event stream, and this program's \(read) reads "
                + "without an event"
        }
        return nil
    }

    /// The bound of `dfs` without one where the reduction does not apply: none where choices
    /// come only on ties (the schedules are finitely many), 2 where the policy may also switch
    /// threads at any step (switching back and forth has no end).
    public var unreducedBound: Int { config.policy.preemptAtVisibleSteps ? 2 : .max }

    /// Methods and attributes of threads and synchronization objects that read their state
    /// without an event.
    static let silentReads: Set<String> = ["is_alive", "locked", "is_set", "qsize", "empty", "full", "done", "ready",
                                           "n_waiting", "broken"]

    /// The first call in `program` that reads shared state without an event, in words.
    static func unrecordedRead(in program: Program) -> String? {
        func constant(_ index: Int32) -> String? {
            guard index >= 0, Int(index) < program.constants.count, case .text(let text) = program.constants[Int(index)] else { return nil }
            return text
        }
        for instruction in program.code {
            switch instruction {
            case .isAlive: return "is_alive()"
            case .threadsAlive: return "threading.active_count() or enumerate()"
            case .method(let method, _), .operate(_, let method, _, _):
                if silentReads.contains(method.rawValue) { return "\(method.rawValue)()" }
            case .callMethod(let name, _):
                if let text = constant(name), silentReads.contains(text) { return "\(text)()" }
            case .loadAttribute(let name):
                if let text = constant(name), silentReads.contains(text) { return "`.\(text)`" }
            default:
                continue
            }
        }
        return nil
    }

    /// Runs the next schedule of `search` at `seed` (``PartialOrderSearch/run(_:program:each:)``
    /// on a simulation): what it showed, and whether it stopped where every option slept.
    func run(_ search: inout PartialOrderSearch, seed: UInt64) -> (run: Run, redundant: Bool) {
        var config = self.config
        config.seed = seed
        config.policy.chooser = .manual
        var outcome = Run()
        let (redundant, driver) = search.run(Simulation(program: program, config: config), program: program) { event in
            _ = take(event, into: &outcome, target: nil)
        }
        outcome.events = driver.eventCount
        outcome.visibleSteps = driver.read { $0.machine.visibleStepCount }
        outcome.redundant = redundant
        return (outcome, redundant)
    }
}
