/// Copies of a state taken every `interval` events of a run, so the state at any event can be had
/// again by taking the nearest copy at or before it and folding or running it forward. One
/// mechanism for going back: the simulator's sources (``SnapshotIndex``) and the view's folded
/// state both keep their copies here.
public struct Checkpoints<State: Sendable>: Sendable {
    /// Events between two copies.
    public let interval: UInt64
    /// The copies, oldest first, each with how many events had happened when it was taken.
    public private(set) var copies: [(events: UInt64, state: State)] = []
    /// When the next copy is due.
    private var nextCopy: UInt64

    /// An index whose first copy, `state`, is taken after `events` events.
    public init(_ state: State, at events: UInt64 = 0, interval: UInt64 = 65_536) {
        self.interval = max(1, interval)
        copies = [(events, state)]
        nextCopy = events + self.interval
    }

    /// Takes a copy when `interval` events passed since the last one (call it as often as is convenient).
    public mutating func observe(_ state: @autoclosure () -> State, events: UInt64) {
        guard events >= nextCopy else { return }
        copies.append((events, state()))
        nextCopy = events + interval
    }

    /// The newest copy taken after at most `events` events (nil if even the first was later).
    public func nearest(atOrBefore events: UInt64) -> (events: UInt64, state: State)? {
        var low = 0, high = copies.count
        while low < high {
            let middle = (low + high) / 2
            if copies[middle].events <= events { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? copies[low - 1] : nil
    }

    /// The newest copy satisfying `condition`, which holds for a prefix of the copies (nil if none does).
    public func last(where condition: (State) -> Bool) -> (events: UInt64, state: State)? {
        copies.last { condition($0.state) }
    }

    /// Forgets the copies that `keep` rejects (those of a future that a branch replaced).
    public mutating func removeAll(where reject: (State) -> Bool) {
        copies.removeAll { reject($0.state) }
        nextCopy = (copies.last?.events ?? 0) + interval
    }
}
