/// What the detectors report about a run, besides deadlocks: data races, lost updates and
/// lock-order cycles. Each becomes an event, so every consumer sees them where they happened.

/// Two accesses to one shared variable, at least one a write, that happens-before does not order.
///
/// The event's actor made the later access (at `step`); `other` made the earlier one. Neither a
/// lock, a start, a join nor any other synchronization orders them; the GIL does not either.
public struct RaceReport: Sendable, Hashable {
    /// The shared variable, by its index in the program.
    public var variable: Int32
    /// The event number of the actor's access.
    public var step: UInt64
    public var write: Bool
    /// The thread that made the earlier access.
    public var other: ThreadID
    /// The event number of the earlier access.
    public var otherStep: UInt64
    public var otherWrite: Bool

    public init(variable: Int32, step: UInt64, write: Bool, other: ThreadID, otherStep: UInt64, otherWrite: Bool) {
        self.variable = variable
        self.step = step
        self.write = write
        self.other = other
        self.otherStep = otherStep
        self.otherWrite = otherWrite
    }
}

/// A write based on a stale read: the actor read the variable, another thread wrote it, and the
/// actor then wrote it, so the other thread's update is gone.
public struct LostUpdateReport: Sendable, Hashable {
    public var variable: Int32
    /// The event number of the actor's read, whose value had gone stale.
    public var readStep: UInt64
    /// The event number of the actor's write that overwrote the update.
    public var writeStep: UInt64
    /// The thread whose update was lost, and the event number of its write.
    public var overwritten: ThreadID
    public var overwrittenStep: UInt64

    public init(variable: Int32, readStep: UInt64, writeStep: UInt64, overwritten: ThreadID, overwrittenStep: UInt64) {
        self.variable = variable
        self.readStep = readStep
        self.writeStep = writeStep
        self.overwritten = overwritten
        self.overwrittenStep = overwrittenStep
    }
}

/// One edge of the lock-order graph: `thread` took `taken` while it held `held`, at event `step`.
public struct LockOrderEdge: Sendable, Hashable {
    public var held: ObjectIndex
    public var taken: ObjectIndex
    public var thread: ThreadID
    public var step: UInt64

    public init(held: ObjectIndex, taken: ObjectIndex, thread: ThreadID, step: UInt64) {
        self.held = held
        self.taken = taken
        self.thread = thread
        self.step = step
    }
}
