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
    public var kind: Kind

    /// The actor of events the scheduler causes on nobody's behalf.
    public static let machine: ThreadID = -1

    public init(seq: UInt64, time: VirtualTime, thread: ThreadID, kind: Kind) {
        self.seq = seq
        self.time = time
        self.thread = thread
        self.kind = kind
    }
}
