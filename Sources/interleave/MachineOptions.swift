import ArgumentParser
import InterleaveCore
import InterleaveScenario

/// Options that shape the simulated machine; each overrides the scenario's `config` line.
struct MachineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Scheduling policy: \(Policy.names.joined(separator: ", ")) (default gil).", valueName: "name"))
    var policy: String?

    @Option(help: "Seed for the random choices and the timing noise (default 1).")
    var seed: UInt64?

    @Option(help: "Number of virtual cores (default 2).")
    var cores: Int?

    @Option(name: .customLong("switch-interval"), help: "The GIL's switch interval (default 5ms).",
            transform: DurationArgument.parse)
    var switchInterval: DurationArgument?

    @Option(help: "The OS time slice (default 10ms).", transform: DurationArgument.parse)
    var quantum: DurationArgument?

    @Option(help: "The network's round trip for a Python program's requests and sockets (default 100ms).",
            transform: DurationArgument.parse)
    var latency: DurationArgument?

    @Option(help: "PCT bug depth (default 3).")
    var depth: Int?

    @Option(name: .customLong("max-steps"), help: "Stop a run that has not ended after this many instructions (default 200000000).")
    var maxSteps: UInt64?

    /// Whether any option was given.
    var given: Bool { policy != nil || seed != nil || depth != nil || shapesSimulator }

    /// Whether an option only the simulated machine has was given (cores, the GIL's interval, the
    /// OS's quantum, the network, the step limit): none applies to a real process.
    var shapesSimulator: Bool {
        cores != nil || switchInterval != nil || quantum != nil || latency != nil || maxSteps != nil
    }

    func validate() throws {
        if let policy, Policy.named(policy) == nil {
            throw ValidationError("unknown policy '\(policy)'. Choose one of: \(Policy.names.joined(separator: ", ")).")
        }
        if let cores, !(1...256).contains(cores) { throw ValidationError("--cores must be between 1 and 256, not \(cores).") }
        let hour = VirtualDuration.s(3600)
        if let switchInterval, !(1...hour).contains(switchInterval.nanoseconds) {
            throw ValidationError("--switch-interval must be more than 0 and at most 3600s, not \(formatTime(switchInterval.nanoseconds)).")
        }
        if let quantum, !(1...hour).contains(quantum.nanoseconds) {
            throw ValidationError("--quantum must be more than 0 and at most 3600s, not \(formatTime(quantum.nanoseconds)).")
        }
        if let latency, latency.nanoseconds > hour {
            throw ValidationError("--latency must be at most 3600s, not \(formatTime(latency.nanoseconds)).")
        }
        if let depth, !Policy.pctDepths.contains(depth) {
            throw ValidationError("--depth must be between \(Policy.pctDepths.lowerBound) and \(Policy.pctDepths.upperBound), not \(depth).")
        }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1.") }
    }

    /// The options given, as settings that override a scenario's own.
    var overrides: ScenarioSettings {
        var settings = ScenarioSettings()
        settings.policy = policy
        settings.seed = seed
        settings.cores = cores
        settings.switchInterval = switchInterval?.nanoseconds
        settings.quantum = quantum?.nanoseconds
        settings.depth = depth
        settings.maxSteps = maxSteps
        settings.latency = latency?.nanoseconds
        return settings
    }
}
