import InterleaveCore

/// The machine settings a scenario's `config` lines choose; command-line options override them.
public struct ScenarioSettings: Sendable, Hashable {
    public var policy: String?
    public var cores: Int?
    public var seed: UInt64?
    public var switchInterval: VirtualTime?
    public var quantum: VirtualTime?
    /// PCT's bug depth.
    public var depth: Int?
    public var maxSteps: UInt64?
    /// The network's round trip to hosts with none of their own (a Python program's `latency`).
    public var latency: VirtualTime?

    public init() {}

    /// The keys `config` accepts, in the order the reference lists them.
    static let keys = ["policy", "cores", "seed", "switch_interval", "quantum", "depth", "max_steps"]

    /// The machine configuration these settings give, on top of the defaults.
    public var config: MachineConfig {
        var config = MachineConfig()
        if let policy, let named = Policy.named(policy, pctDepth: depth ?? 3) { config.policy = named }
        if let cores { config.cores = cores }
        if let seed { config.seed = seed }
        if let switchInterval { config.switchInterval = switchInterval }
        if let quantum { config.quantum = quantum }
        if let maxSteps { config.maxSteps = maxSteps }
        if let latency { config.latency = latency }
        return config
    }

    /// Settings from `overrides` where it has them, from `self` elsewhere.
    public func overridden(by overrides: ScenarioSettings) -> ScenarioSettings {
        var merged = self
        if let value = overrides.policy { merged.policy = value }
        if let value = overrides.cores { merged.cores = value }
        if let value = overrides.seed { merged.seed = value }
        if let value = overrides.switchInterval { merged.switchInterval = value }
        if let value = overrides.quantum { merged.quantum = value }
        if let value = overrides.depth { merged.depth = value }
        if let value = overrides.maxSteps { merged.maxSteps = value }
        if let value = overrides.latency { merged.latency = value }
        return merged
    }
}
