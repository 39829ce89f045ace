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
