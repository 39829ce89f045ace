import ArgumentParser
import InterleaveCore

/// Options that shape the simulated machine, shared by every command that runs one.
struct MachineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Scheduling policy: \(Policy.names.joined(separator: ", ")).", valueName: "name"))
    var policy: String = "gil"

    @Option(help: "Seed for the random choices and the timing noise.")
    var seed: UInt64 = 1

    @Option(help: "Number of virtual cores.")
    var cores: Int = 2

    @Option(name: .customLong("switch-interval"), help: "The GIL's switch interval (default 5ms).",
            transform: DurationArgument.parse)
    var switchInterval = DurationArgument(nanoseconds: Duration.ms(5))

    @Option(help: "The OS time slice (default 10ms).", transform: DurationArgument.parse)
    var quantum = DurationArgument(nanoseconds: Duration.ms(10))

    @Option(help: "PCT bug depth.")
    var depth: Int = 3

    @Option(name: .customLong("max-steps"), help: "Stop a run that has not ended after this many instructions.")
    var maxSteps: UInt64 = 200_000_000

    func validate() throws {
        guard Policy.named(policy) != nil else {
            throw ValidationError("unknown policy '\(policy)'. Choose one of: \(Policy.names.joined(separator: ", ")).")
        }
        guard (1...256).contains(cores) else { throw ValidationError("--cores must be between 1 and 256, not \(cores).") }
        let hour = Duration.s(3600)
        guard (1...hour).contains(switchInterval.nanoseconds) else {
            throw ValidationError("--switch-interval must be more than 0 and at most 3600s, not \(formatTime(switchInterval.nanoseconds)).")
        }
        guard (1...hour).contains(quantum.nanoseconds) else {
            throw ValidationError("--quantum must be more than 0 and at most 3600s, not \(formatTime(quantum.nanoseconds)).")
        }
        guard depth >= 1 else { throw ValidationError("--depth must be at least 1.") }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1.") }
    }

    var config: MachineConfig {
        MachineConfig(policy: Policy.named(policy, pctDepth: depth) ?? .gil, seed: seed, cores: cores,
                      switchInterval: switchInterval.nanoseconds, quantum: quantum.nanoseconds, maxSteps: maxSteps)
    }
}
