/// One record the probe sends: a fact about the program's threads, in the probe protocol
/// (docs/PROBE.md). Eight 64-bit little-endian words (the kind with the length of its text, the
/// time, the thread's ident, the line, four arguments), then the text, padded to 8 bytes.
public struct ProbeRecord: Sendable, Hashable {
    /// What the record says; the arguments `a` to `d` mean what each kind says.
    public enum Kind: Int, Sendable, CaseIterable {
        /// The first record: `a` the protocol's version, `b` the process id, `c` `sys.hexversion`, `d` 1
        /// when the program runs under Interleave's schedule; text: the program's path.
        case hello = 1
        /// `thread.start()`: `a` the new thread's number, `b` 1 for a daemon; text: its name.
        case threadNew
        /// The thread (the one sending) began: `a` its number. From now on its ident means it.
        case threadBegin
        /// The thread's function returned or raised: `a` its number.
        case threadEnd
        /// An exception the thread did not catch; text: its type, a NUL, its message.
        case exception
        /// The program made an object: `a` its kind (a lock, Event, ...), `b` its number among
        /// that kind's, `c` and `d` what it was made with; text: its name.
        case objectNew
        /// The thread waits: `a` for what (``ProbeWait``), `b` the object or thread, `c` the timeout in ns (0: none).
        case block
        /// A wait the probe watches ended: `a` why (``WakeReason``).
        case resume
        /// `a` the lock, `b` the depth now held, `c` 1 if the acquire would not have waited.
        case lockAcquired
        /// `a` the lock, `b` the depth still held.
        case lockReleased
        /// A non-blocking or timed acquire of lock `a` gave up.
        case lockFailed
        /// `join()` of thread `a` returned; `b` 1 if it timed out.
        case joinDone
        /// `Event.set()` of event `a`.
        case flagSet
        case flagCleared
        /// `Event.wait()` of event `a` returned `b`.
        case flagWaitDone
        /// `notify(b)` of condition `a` (`b` -1: `notify_all()`).
        case conditionNotify
        /// `Condition.wait()` of condition `a` returned `b`.
        case conditionWaitDone
        /// Semaphore `a` acquired, its value now `b`.
        case semaphoreAcquired
        /// Semaphore `a` released, its value now `b`.
        case semaphoreReleased
        case semaphoreFailed
        /// The thread arrived at barrier `a`, the `b`th of its parties.
        case barrierArrived
        case barrierPassed
        case barrierBroken
        /// Queue `a` took an item, its size now `b`; `c` 1 if the item is the integer `d`, else text shows it.
        case queuePut
        /// An item was taken from queue `a`, its size now `b`; the item as for ``queuePut``.
        case queueGot
        /// A put (`b` 1) or get (`b` 0) of queue `a` gave up.
        case queueFailed
        /// `task_done()` of queue `a`; `b` items unfinished.
        case queueTaskDone
        /// `join()` of queue `a` returned.
        case queueJoined
        /// One line the thread printed; text: the line.
        case printed
        /// Something the user should know that is no event (a process forked and not followed); text: what.
        case note
        /// The program ended: `a` its exit status. Nothing follows.
        case end
        /// Under control: several threads can go on, and the probe waits for Interleave's answer
        /// (the chosen thread's number, one word); `a` how many; text: their numbers, those waiting
        /// longest first.
        case choice
        /// Under control: no thread can go on (a deadlock); text: the numbers of the threads stuck.
        case stuck
        /// Under control: the run moved on without a decision (a thread back from I/O while
        /// another ran, the watchdog); text: what happened.
        case uncontrolled
        /// Under control with accesses watched: shared variable `a` (an object of kind 6, made
        /// with its first value) was read; the value is `b`'s kind of ``EventValue`` with word
        /// `c`, or text for one shown by its `repr`.
        case sharedRead
        /// Shared variable `a` was written; its new value as for ``sharedRead``.
        case sharedWrite
    }

    public var kind: Kind
    /// `time.perf_counter_ns()` when it happened.
    public var time: Int64
    /// The thread's `threading.get_ident()`.
    public var ident: UInt64
    /// The line of the program's file the thread was at (0: none).
    public var line: Int64
    public var a: Int64
    public var b: Int64
    public var c: Int64
    public var d: Int64
    public var text: String

    public init(_ kind: Kind, time: Int64, ident: UInt64, line: Int64 = 0, a: Int64 = 0, b: Int64 = 0, c: Int64 = 0,
                d: Int64 = 0, text: String = "") {
        self.kind = kind
        self.time = time
        self.ident = ident
        self.line = line
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.text = text
    }

    /// The interpreter a hello record names ("Python 3.11.7", from `sys.hexversion` in `c`).
    public var interpreter: String {
        "Python \((c >> 24) & 0xFF).\((c >> 16) & 0xFF).\((c >> 8) & 0xFF)"
    }

    /// The protocol's version this Interleave speaks.
    public static let protocolVersion: Int64 = 1
    /// The bytes before a record's text.
    public static let headerBytes = 64
}

/// What a waiting thread waits for, as the probe says it (argument `a` of a ``ProbeRecord/Kind/block``).
public enum ProbeWait: Int64, Sendable {
    case lock = 0, join, flag, condition, semaphore, barrier, queueGet, queuePut, sleep, io, future, queueJoin
}

extension ProbeRecord {
    /// The record's bytes, as the probe writes them (for tests and tools that speak the protocol).
    public var bytes: [UInt8] {
        var data = Array(text.utf8)
        data += repeatElement(0, count: (8 - data.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerBytes + data.count)
        let words: [UInt64] = [UInt64(kind.rawValue) | UInt64(data.count) << 16, UInt64(bitPattern: time), ident,
                               UInt64(bitPattern: line), UInt64(bitPattern: a), UInt64(bitPattern: b),
                               UInt64(bitPattern: c), UInt64(bitPattern: d)]
        for word in words {
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out + data
    }
}
