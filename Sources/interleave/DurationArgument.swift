import ArgumentParser
import InterleaveCore

/// A duration on the command line: a whole number with a unit, `2s`, `200ms`, `50us`, `100ns`.
struct DurationArgument: Sendable {
    var nanoseconds: VirtualTime

    init(nanoseconds: VirtualTime) { self.nanoseconds = nanoseconds }

    /// Parses `text`, or explains what a duration looks like.
    static func parse(_ text: String) throws -> DurationArgument {
        guard let duration = DurationArgument(argument: text) else {
            throw ValidationError("'\(text)' is not a duration: write a whole number and a unit, ns, us, ms or s (for example 5ms).")
        }
        return duration
    }

    init?(argument: String) {
        let units: [(String, VirtualTime)] = [("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            let number = argument.dropLast(suffix.count)
            guard let value = VirtualTime(number) else { return nil }
            let (total, overflow) = value.multipliedReportingOverflow(by: scale)
            guard !overflow else { return nil }
            nanoseconds = total
            return
        }
        return nil
    }
}
