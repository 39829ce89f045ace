/// Copies of a machine taken every `interval` events of a run, so the machine as it was at any
/// event can be had again quickly: the nearest copy at or before it, run forward with the same
/// manual answers. A copy costs little (the machine is a value with copy-on-write storage), and
/// going anywhere costs at most `interval` events of simulation.
public struct SnapshotIndex: Sendable {
    /// Events between two copies.
    public let interval: UInt64
    /// The copies, oldest first, each with how many manual answers it had been given.
    public private(set) var snapshots: [(machine: Machine, answered: Int)] = []
    /// Every manual answer of the run, in order.
    public private(set) var answers: [Int] = []

    /// An index for a run that starts as `machine`.
    public init(_ machine: Machine, interval: UInt64 = 65_536) {
        self.interval = max(1, interval)
        snapshots = [(machine, 0)]
    }

    /// Takes a copy if `interval` events passed since the last one. Call it between runs of the
    /// machine (an action boundary), as often as is convenient.
    public mutating func observe(_ machine: Machine) {
        guard let last = snapshots.last, machine.eventCount >= last.machine.eventCount + interval else { return }
        snapshots.append((machine, answers.count))
    }

    /// Records a manual answer given to the machine (so going back can give it again).
    public mutating func answered(_ index: Int) {
        answers.append(index)
    }

    /// The machine just after it produced event `seq` (at the end of the action that produced
    /// it), and the events from the nearest copy up to that point (the first of them is event
    /// number `machine.eventCount - events.count`). Nil if the run never reached `seq` (it ended
    /// first, or waits for a manual answer it was never given).
    public func machine(after seq: UInt64) -> (machine: Machine, events: [Event])? {
        // The newest copy whose delivered events stop at or before `seq`.
        var low = 0, high = snapshots.count
        while low < high {
            let middle = (low + high) / 2
            if snapshots[middle].machine.eventsDelivered <= seq { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        var (machine, answered) = snapshots[low - 1]
        var events: [Event] = []
        while machine.eventsDelivered <= seq {
            let wanted = Int(seq + 1 - machine.eventsDelivered)
            switch machine.run(RunLimit(maxEvents: wanted), into: &events) {
            case .finished:
                return machine.eventCount > seq ? (machine, events) : nil
            case .awaitingChoice:
                guard answered < answers.count, (try? machine.answer(answers[answered])) != nil else { return nil }
                answered += 1
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        return (machine, events)
    }

    /// The machine waiting for its manual answer number `k` (from 0), and the events from the
    /// nearest copy up to then; nil if the run never asked that many.
    public func machine(beforeAnswer k: Int) -> (machine: Machine, events: [Event])? {
        guard k >= 0 && k <= answers.count else { return nil }
        guard var (machine, answered) = snapshots.last(where: { $0.answered <= k }) else { return nil }
        var events: [Event] = []
        while true {
            switch machine.run(RunLimit(maxEvents: 4096), into: &events) {
            case .finished:
                return nil
            case .awaitingChoice:
                if answered == k { return (machine, events) }
                guard (try? machine.answer(answers[answered])) != nil else { return nil }
                answered += 1
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
    }

    /// Forgets the answers from number `k` on and the copies taken after them: a new answer
    /// there replaces that future.
    public mutating func truncate(toAnswers k: Int) {
        guard k >= 0 && k < answers.count else { return }
        answers.removeLast(answers.count - k)
        snapshots.removeAll { $0.answered > k }
    }
}
