import InterleaveCore

/// What `explore` runs schedules of: a producer of events made fresh for each schedule, its
/// choices answered by a chooser (a policy's, or a list of answers). ``Trial`` makes a simulation;
/// a real Python program under Interleave's schedule is another (a process per schedule).
///
/// Running a schedule, judging what it showed, shrinking it and the searches are the same for
/// every runner (``run(_:seed:answers:stopAt:points:sleepSets:each:)``, ``Shrinker``,
/// ``Explorer``); a runner says only how to make a run and what it can promise.
public protocol ScheduleRunner: Sendable {
    associatedtype Source: EventSource
    /// The program whose declarations the events name.
    var program: Program { get }
    /// The kinds of failure that count.
    var kinds: Set<FailureKind> { get }
    /// A fresh run, its choices answered by `chooser` (``Policy/Chooser/manual``: from outside,
    /// by the answers given) from `seed`; nil when it can't be made (a process that would not start).
    func source(_ chooser: Policy.Chooser, seed: UInt64) -> Source?
    /// Done with a run (a real process is stopped and its files removed).
    func close(_ source: Source)
    /// The steps a run took that a PCT change point may fall on.
    func visibleSteps(of source: Source) -> UInt64
    /// Why partial-order reduction does not apply (the rest of a sentence that begins
    /// "partial-order reduction"), or nil when it does.
    var reductionBlocker: String? { get }
    /// The bound of `dfs` without one where the reduction does not apply.
    var unreducedBound: Int { get }
    /// The same runner with PCT's change points spread over `steps` steps.
    func withPCTSteps(_ steps: UInt64) -> Self
}

extension ScheduleRunner {
    /// Whether partial-order reduction applies (``reductionBlocker`` is nil).
    public var reducible: Bool { reductionBlocker == nil }

    /// Runs the schedule with the chooser `chooser` (random, PCT, or answered), to its end, or until
    /// failure `target` shows (when given).
    /// With `sleepSets` (answered runs of a simulation only), a choice past the answers takes the
    /// first awake option, and a run that reaches a choice with none stops as redundant (see ``SleepSet``).
    /// `each` sees every batch of events as it comes (to record the run, say).
    public func run(_ chooser: Policy.Chooser, seed: UInt64, answers: [Int] = [], stopAt target: Failure.Identity? = nil,
                    points wantsPoints: Bool = false, sleepSets: Bool = false,
                    each: ([Event]) -> Void = { _ in }) -> Trial.Run {
        var outcome = Trial.Run()
        guard let source = source(chooser, seed: seed) else {
            outcome.unstarted = true
            return outcome
        }
        var driver = Driver(source, answers: answers)
        defer { close(driver.read { $0 }) }
        let counted = kinds
        var buffer: [Event] = []
        var sleep = SleepSet()
        /// Each choice's answer: the listed one (within its options), or the first awake option;
        /// nil when every option sleeps (the run would only repeat covered orders).
        func decide(_ request: ChoiceRequest, _ listed: Int?, _ source: Source) -> Int? {
            let simulation = sleepSets ? source as? Simulation : nil
            var awake = Array(request.options.indices)
            if simulation != nil, case .order = request.kind { awake = sleep.awake(request.options) }
            guard let first = awake.first else { return nil }
            let answer = listed.map { min(max(0, $0), request.options.count - 1) } ?? first
            if let simulation, case .order = request.kind { sleep.chose(answer, of: request.options, in: simulation.machine) }
            if wantsPoints {
                outcome.points.append(Trial.Point(kind: request.kind, candidates: request.options, chosen: answer, awake: awake))
            }
            return answer
        }
        while true {
            let status = driver.run(RunLimit(maxEvents: 512), into: &buffer, decide: decide)
            each(buffer)
            // Read in place: most events only pass by, and a copy of each would cost retains.
            for index in buffer.indices {
                if sleepSets { sleep.observe(buffer[index], of: program) }
                if Trial.take(buffer[index], into: &outcome, counting: counted, target: target) {
                    outcome.events = buffer[index].seq + 1
                    outcome.visibleSteps = driver.read { visibleSteps(of: $0) }
                    return outcome
                }
            }
            buffer.removeAll(keepingCapacity: true)
            switch status {
            case .finished, .ended:
                outcome.events = driver.eventCount
                outcome.visibleSteps = driver.read { visibleSteps(of: $0) }
                return outcome
            case .awaitingChoice:
                // Every option asleep: the rest of this run only repeats orders covered already.
                outcome.redundant = true
                outcome.events = driver.eventCount
                return outcome
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
    }

    /// Runs the next schedule of `search` at `seed` (``PartialOrderSearch/run(_:program:each:)``):
    /// what it showed, and whether it stopped where every option slept.
    func run(_ search: inout PartialOrderSearch, seed: UInt64) -> (run: Trial.Run, redundant: Bool) {
        var outcome = Trial.Run()
        guard let source = source(.manual, seed: seed) else {
            outcome.unstarted = true
            return (outcome, false)
        }
        let counted = kinds
        let (redundant, driver) = search.run(source, program: program) { event in
            _ = Trial.take(event, into: &outcome, counting: counted, target: nil)
        }
        close(driver.read { $0 })
        outcome.events = driver.eventCount
        outcome.visibleSteps = driver.read { visibleSteps(of: $0) }
        outcome.redundant = redundant
        return (outcome, redundant)
    }
}
