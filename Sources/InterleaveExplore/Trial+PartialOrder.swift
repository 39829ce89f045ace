import InterleaveCore

extension Trial {
    /// Whether partial-order reduction is sound for this trial's machine: the policy chooses at
    /// every visible step and one core runs the threads, so any thread that can go may go next,
    /// whatever the clock says. On several cores, and under policies that choose only on ties,
    /// the virtual clock decides which choices come up at all, and reversing a race can need a
    /// choice far from it (which thread got which core): there `dfs` runs every schedule.
    public var reducible: Bool { config.policy.preemptAtVisibleSteps && config.cores == 1 }

    /// The bound of `dfs` without one where the reduction does not apply: none where choices
    /// come only on ties (the schedules are finitely many), 2 where the policy may also switch
    /// threads at any step on several cores (switching back and forth has no end).
    public var unreducedBound: Int { config.policy.preemptAtVisibleSteps ? 2 : .max }

    /// Runs the next schedule of `search` at `seed`: the search's listed answers, then its own
    /// answer at each new choice, to the end or to a choice where every option sleeps
    /// (`redundant`). The search takes the run's events as they come, and its end.
    func run(_ search: inout PartialOrderSearch, seed: UInt64) -> (run: Run, redundant: Bool) {
        var config = self.config
        config.seed = seed
        config.policy.chooser = .manual
        search.begin()
        var driver = Driver(Simulation(program: program, config: config), answers: search.prefix)
        var execution = Execution(program: program)
        var outcome = Run()
        var buffer: [Event] = []
        var redundant = false
        running: while true {
            // Past the listed answers every choice comes back here: the search decides after it
            // has seen every event before the choice.
            let status = driver.run(RunLimit(maxEvents: 512), into: &buffer)
            for index in buffer.indices {
                execution.record(buffer[index])
                search.observe(buffer[index], in: execution)
                _ = take(buffer[index], into: &outcome, target: nil)
            }
            buffer.removeAll(keepingCapacity: true)
            switch status {
            case .finished, .ended:
                break running
            case .awaitingChoice(let request):
                guard let answer = search.choose(request.options), (try? driver.answer(answer)) != nil else {
                    redundant = true
                    break running
                }
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        outcome.events = driver.eventCount
        outcome.visibleSteps = driver.read { $0.machine.visibleStepCount }
        outcome.redundant = redundant
        search.end(execution, redundant: redundant)
        return (outcome, redundant)
    }
}
