/// One thing the scheduler did, stamped with its sequence number and virtual time.
///
/// Events are the only output of the engine. The UI, the summary, recordings, detectors and
/// exporters all read the same stream, so a consumer never needs the machine to understand one.
/// What can happen (``Event/Kind``) is declared once, in `Vocabulary.events`, and generated.
public struct Event: Sendable, Hashable {
    /// Position in the stream, from 0, without gaps.
    public var seq: UInt64
    /// Virtual nanoseconds since the run began; never decreases along the stream.
    public var time: VirtualTime
    /// The thread that acted, or ``Event/machine`` for the scheduler itself.
    public var thread: ThreadID
    /// The source line the actor was at (1 is the first), or 0 where there is none: the
    /// scheduler's own events, a program built without a source, a recording older than
    /// vocabulary 6.
    public var line: Int32
    public var kind: Kind

    /// The actor of events the scheduler causes on nobody's behalf.
    public static let machine: ThreadID = -1

    public init(seq: UInt64, time: VirtualTime, thread: ThreadID, line: Int32 = 0, kind: Kind) {
        self.seq = seq
        self.time = time
        self.thread = thread
        self.line = line
        self.kind = kind
    }
}
