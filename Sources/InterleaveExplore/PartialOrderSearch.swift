import InterleaveCore

/// Dynamic partial-order reduction: source sets with sleep sets (Abdulla, Aronis, Jonsson and
/// Sagonas, "Optimal dynamic partial order reduction", POPL 2014), stateless.
///
/// The search keeps the path of the last run's choice points. After each run it looks at the
/// run's races (two threads' dependent steps that nothing else orders, ``Execution``): for each,
/// the choice point before the earlier step must also try a thread that can make the later one
/// come first (one of the *initials* of what follows), unless it tries one already. Then it goes
/// back to the deepest choice point with a thread left to try and runs again: the answers up to
/// there, that thread, then the first thread not asleep at every new choice. A thread tried at a
/// point sleeps in the runs that try the point's other threads until a step dependent on its own
/// first step is made (sleep sets); a run that reaches a point where every thread sleeps would
/// only repeat an order covered already, and stops there.
///
/// With no bound the search ends when no point has a thread left to try: every class of runs
/// that order their dependent steps differently (a Mazurkiewicz trace) has been run at least
/// once. What counts as dependent is ``Dependence``'s: the same object with a write, thread start
/// and join, and time (a step that observes the clock depends on everything). docs/EXPLORE.md says
/// what that guarantees in this engine, where time and the policy's timing decide which choices
/// come up at all.
struct PartialOrderSearch: Sendable {
    /// A choice point on the current path.
    struct Node: Sendable {
        var options: [ThreadID]
        /// The index of the option the current path takes.
        var chosen: Int
        /// Threads to try here (the chosen one among them).
        var backtrack: [ThreadID]
        /// Threads tried here, with their first step after the point.
        var done: [(ThreadID, Dependence.Access)] = []
        /// Threads asleep on arrival, with the step they would make.
        var sleep: [(ThreadID, Dependence.Access)]
        /// The first step of the chosen thread after the point, in the last run.
        var chosenStep: Dependence.Access = .none

        var chosenThread: ThreadID { options[chosen] }
    }

    private(set) var path: [Node] = []
    /// Whether every thread worth trying at every point has been tried.
    private(set) var finished = false
    /// Runs made, and runs stopped because every option slept.
    private(set) var runs = 0
    private(set) var redundantRuns = 0
    /// Options of choice points never tried: orders of independent steps covered already.
    private(set) var skippedOptions = 0
    /// The happens-before classes of the runs made (``Execution/fingerprint``).
    private(set) var classes: Set<UInt64> = []
    /// Whether a run left the schedule it was given (a producer that does not repeat itself):
    /// what was cut off then is not covered, and the search claims no coverage.
    private(set) var diverged = false

    // The run under way.
    /// Choice events seen in it.
    private var choicesSeen = 0
    /// How many of its answers come from the path (the rest are the search's own).
    private var listed = 0
    private var sleepers: [(ThreadID, Dependence.Access)] = []

    /// The answers that start the next run (the default answers follow them).
    var prefix: [Int] { path.map(\.chosen) }

    /// Makes ready for the next run.
    mutating func begin() {
        choicesSeen = 0
        listed = path.count
        sleepers = []
    }

    /// The sleepers of the run after its last listed answer: the threads asleep at that point or
    /// tried there already, except the one it now tries.
    private mutating func activateSleepers() {
        guard let node = path.last, listed > 0 else { return }
        sleepers = (node.sleep + node.done).filter { $0.0 != node.chosenThread }
    }

    /// Takes the run's next event, with the step the execution recorded for it, if any.
    mutating func observe(_ event: Event, step: Execution.Step?) {
        if case .choice = event.kind {
            choicesSeen += 1
            if choicesSeen == listed { activateSleepers() }
            return
        }
        // Only steps wake a sleeper (its own, or one dependent on its step): a thread taken off
        // its core or put on one has not moved on.
        guard choicesSeen >= listed, !sleepers.isEmpty, let step else { return }
        sleepers.removeAll { $0.0 == step.thread || $0.1.conflicts(with: step.access) }
    }

    /// The answer to a choice past the listed ones: the first option not asleep, or nil when
    /// every option sleeps (the run would only repeat orders covered already).
    mutating func choose(_ options: [ThreadID]) -> Int? {
        // A choice asked while the listed answers last: one did not fit, so the run went
        // another way than the path (a producer that does not repeat itself). Stop it.
        guard choicesSeen >= listed, path.count == choicesSeen else {
            diverged = true
            return nil
        }
        guard let index = options.firstIndex(where: { option in !sleepers.contains { $0.0 == option } }) else { return nil }
        path.append(Node(options: options, chosen: index, backtrack: [options[index]], sleep: sleepers))
        return index
    }

    /// The run ended (`redundant`: stopped where every option slept): adds the choices its races
    /// call for, and moves to the next run. Sets ``finished`` when there is none.
    mutating func end(_ execution: Execution, redundant: Bool) {
        if redundant { redundantRuns += 1 } else {
            runs += 1
            classes.insert(execution.fingerprint)
        }
        let points = execution.points
        // A run meets the choices its answers were for (the simulator repeats itself); should
        // one not, the path ends where the run left it.
        if let cut = path.indices.first(where: { k in
            k >= points.count || points[k].options != path[k].options || points[k].chosen != path[k].chosen
        }) {
            diverged = true
            path.removeSubrange(cut...)
        }
        // A thread chosen that made no step before the run ended: nothing is known of its step,
        // so it depends on everything.
        for k in path.indices { path[k].chosenStep = points[k].chosenStep ?? .all }
        for (i, j) in execution.races {
            let p = Int(execution.steps[Int(i)].point)
            guard p >= 0, p < path.count else { continue }
            let initials = execution.initials(racing: i, with: j)
            if path[p].backtrack.contains(where: initials.contains) { continue }
            let candidates = initials.filter(path[p].options.contains)
            let later = execution.steps[Int(j)].thread
            if candidates.contains(later) {
                path[p].backtrack.append(later)
            } else if let first = candidates.first {
                path[p].backtrack.append(first)
            } else {
                // No thread that could go first is an option here: try every option.
                for option in path[p].options where !path[p].backtrack.contains(option) { path[p].backtrack.append(option) }
            }
        }
        // Back to the deepest point with a thread left to try.
        while var node = path.popLast() {
            node.done.append((node.chosenThread, node.chosenStep))
            let next = node.backtrack.first { thread in
                !node.done.contains { $0.0 == thread } && !node.sleep.contains { $0.0 == thread }
            }
            if let next, let index = node.options.firstIndex(of: next) {
                node.chosen = index
                path.append(node)
                return
            }
            skippedOptions += node.options.count - node.done.count
        }
        finished = true
    }
}
