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
        guard let nanoseconds = VirtualDuration.parse(argument, fractions: false) else { return nil }
        self.nanoseconds = nanoseconds
    }
}
