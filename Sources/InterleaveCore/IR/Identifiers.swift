/// Virtual time in nanoseconds since the start of a run.
public typealias VirtualTime = UInt64

/// A virtual thread's index in the machine (0 is the main thread).
public typealias ThreadID = Int32

/// A virtual process's index (0 is the first process; each process has its own GIL and shared variables).
public typealias ProcessID = Int32

/// Index of a declared object of one kind (lock, event, condition, semaphore, barrier, queue).
public typealias ObjectIndex = Int32

/// Virtual durations written the way scenarios write them (in nanoseconds; not `Swift.Duration`,
/// which is wall-clock time).
public enum VirtualDuration {
    public static func ns(_ n: UInt64) -> VirtualTime { n }
    public static func us(_ n: UInt64) -> VirtualTime { n * 1_000 }
    public static func ms(_ n: UInt64) -> VirtualTime { n * 1_000_000 }
    public static func s(_ n: UInt64) -> VirtualTime { n * 1_000_000_000 }

    /// `5ms`, `2s`, `50us`, `100ns` (and `1.5ms` when `fractions`) in nanoseconds; nil for
    /// anything else, a fraction finer than a nanosecond, or a time past 2^64 ns.
    public static func parse(_ text: String, fractions: Bool = true) -> VirtualTime? {
        let units: [(String, VirtualTime)] = [("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000)]
        guard let (unit, scale) = units.first(where: { text.hasSuffix($0.0) }) else { return nil }
        let number = text.dropLast(unit.count).split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = VirtualTime(number[0]) else { return nil }
        var (total, overflow) = whole.multipliedReportingOverflow(by: scale)
        if number.count == 2 {
            // Digit by digit, exactly: each one a tenth of the one before.
            guard fractions, !number[1].isEmpty else { return nil }
            var place = scale
            for digit in number[1] {
                guard let value = digit.wholeNumberValue else { return nil }
                place /= 10
                guard place > 0 || value == 0 else { return nil }
                total &+= VirtualTime(value) * place
            }
            overflow = overflow || total < whole
        }
        return overflow ? nil : total
    }
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
