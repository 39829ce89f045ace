/// Virtual time in nanoseconds since the start of a run.
public typealias VirtualTime = UInt64

/// A virtual thread's index in the machine (0 is the main thread).
public typealias ThreadID = Int32

/// A virtual process's index (0 is the first process; each process has its own GIL and shared variables).
public typealias ProcessID = Int32

/// Index of a declared object of one kind (lock, event, condition, semaphore, barrier, queue).
public typealias ObjectIndex = Int32

/// Durations written the way scenarios write them.
public enum Duration {
    public static func ns(_ n: UInt64) -> VirtualTime { n }
    public static func us(_ n: UInt64) -> VirtualTime { n * 1_000 }
    public static func ms(_ n: UInt64) -> VirtualTime { n * 1_000_000 }
    public static func s(_ n: UInt64) -> VirtualTime { n * 1_000_000_000 }
}

/// Formats a virtual time for people: `2.000s`, `5.1ms`, `300us`, `30ns`.
public func formatTime(_ t: VirtualTime) -> String {
    func fixed(_ value: UInt64, _ unit: UInt64, _ digits: Int, _ suffix: String) -> String {
        let whole = value / unit
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let frac = (value % unit) * scale / unit
        var fracText = String(frac)
        while fracText.count < digits { fracText = "0" + fracText }
        return digits == 0 ? "\(whole)\(suffix)" : "\(whole).\(fracText)\(suffix)"
    }
    if t >= 1_000_000_000 { return fixed(t, 1_000_000_000, 3, "s") }
    if t >= 1_000_000 { return fixed(t, 1_000_000, 3, "ms") }
    if t >= 1_000 { return fixed(t, 1_000, 3, "us") }
    return "\(t)ns"
}
