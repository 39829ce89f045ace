/// A vector clock: for each thread, how many of its synchronization steps are known to have
/// happened before (Lamport 1978, Mattern 1989).
struct VectorClock: Sendable, Hashable {
    private(set) var entries: [UInt32] = []

    /// Thread `t`'s entry; 0 for threads this clock has not heard of.
    subscript(t: Int) -> UInt32 {
        get { t < entries.count ? entries[t] : 0 }
        set {
            if t >= entries.count { entries.append(contentsOf: repeatElement(0, count: t + 1 - entries.count)) }
            entries[t] = newValue
        }
    }

    /// Takes the entry-wise maximum with `other`: everything `other` knows happened before now does.
    mutating func join(_ other: VectorClock) {
        let theirs = other.entries
        if theirs.count > entries.count { entries.append(contentsOf: repeatElement(0, count: theirs.count - entries.count)) }
        entries.withUnsafeMutableBufferPointer { mine in
            for i in theirs.indices where theirs[i] > mine[i] { mine[i] = theirs[i] }
        }
    }
}
