/// Everything besides the program that shapes a run: policy, seed, cores and the model's costs.
///
/// Together with the program and the answers given to manual choice points, a configuration
/// fixes the event stream exactly. Timing noise (timer slack, dispatch jitter) comes from its own
/// generator seeded by `seed`, apart from the chooser, so replaying the recorded choices under
/// `manual` with the same seed meets the same noise.
public struct MachineConfig: Sendable, Hashable {
    public var policy: Policy
    /// Seeds the `random` and `pct` choosers; recorded so a run can be repeated.
    public var seed: UInt64
    /// Virtual cores.
    public var cores: Int
    /// Virtual time one IR instruction costs (CPython spends tens of nanoseconds per bytecode).
    public var instructionCost: VirtualTime
    /// `sys.getswitchinterval()`: how long a GIL waiter waits before asking for a drop.
    public var switchInterval: VirtualTime
    /// The OS time slice for threads competing for cores.
    public var quantum: VirtualTime
    /// Visible steps on different cores closer in time than this may happen in either order (a
    /// choice point): memory operations that close together are not ordered by the hardware.
    public var concurrencyWindow: VirtualTime
    /// Time between a thread being put on a core and its first instruction there: the wake-up
    /// latency of a thread that slept briefly (2.5 µs, set so that two threads contending for a
    /// Lock with a GIL check point inside change owner about as often as in CPython 3.11 here:
    /// `Benchmarks/Fidelity/lock_barging.py`; docs/MODEL.md says how it was chosen).
    public var contextSwitchCost: VirtualTime
    /// Up to this much more is added, at random (seeded), to every dispatch: real context switches vary.
    public var dispatchJitter: VirtualTime
    /// Up to this much is added, at random (seeded), to every timer: Linux's default timer slack is 50 µs.
    public var timerSlack: VirtualTime
    /// How much later than a woken thread a started one comes alive (creating an OS thread):
    /// 100 µs, so that starting and joining a thread that does nothing takes what it does in
    /// CPython 3.11 here (114 µs, `Benchmarks/calibrate-cpython.py`).
    public var threadStartCost: VirtualTime
    /// What starting a process costs the starting thread: 2 ms, what starting and joining a
    /// process that does nothing takes in CPython 3.11 here (1.8 to 2.9 ms with `fork`,
    /// `Benchmarks/Fidelity/processes.py`).
    public var processStartCost: VirtualTime
    /// Instructions after which a run that has not ended is stopped (livelock, endless loop).
    public var maxSteps: UInt64
    /// PCT's estimate of the number of visible steps in a run (where its change points fall).
    public var pctSteps: UInt64
    /// The network's round trip (`requests.get`, a socket's connect and echo) to a host the
    /// program gives no latency of its own (``Program/hostLatencies``).
    public var latency: VirtualTime = VirtualDuration.ms(100)

    public init(
        policy: Policy = .gil, seed: UInt64 = 1, cores: Int = 2,
        instructionCost: VirtualTime = 30, switchInterval: VirtualTime = VirtualDuration.ms(5),
        quantum: VirtualTime = VirtualDuration.ms(10), concurrencyWindow: VirtualTime = 100, contextSwitchCost: VirtualTime = 2_500,
        dispatchJitter: VirtualTime = VirtualDuration.us(2), timerSlack: VirtualTime = VirtualDuration.us(50),
        threadStartCost: VirtualTime = VirtualDuration.us(100), processStartCost: VirtualTime = VirtualDuration.ms(2),
        maxSteps: UInt64 = 200_000_000, pctSteps: UInt64 = 10_000
    ) {
        self.policy = policy
        self.seed = seed
        self.cores = cores
        self.instructionCost = instructionCost
        self.switchInterval = switchInterval
        self.quantum = quantum
        self.concurrencyWindow = concurrencyWindow
        self.contextSwitchCost = contextSwitchCost
        self.dispatchJitter = dispatchJitter
        self.timerSlack = timerSlack
        self.threadStartCost = threadStartCost
        self.processStartCost = processStartCost
        self.maxSteps = maxSteps
        self.pctSteps = pctSteps
    }

    /// The configuration with every value brought into the range the model supports (at least
    /// one core and a nonzero instruction cost; durations of at most an hour), so that virtual
    /// time cannot overflow in any run that ends.
    public var normalized: MachineConfig {
        let hour = VirtualDuration.s(3600)
        var config = self
        config.cores = min(max(1, cores), 1024)
        config.instructionCost = min(max(1, instructionCost), VirtualDuration.ms(1))
        config.switchInterval = min(max(1, switchInterval), hour)
        config.quantum = min(max(1, quantum), hour)
        config.concurrencyWindow = min(concurrencyWindow, hour)
        config.contextSwitchCost = min(contextSwitchCost, hour)
        config.dispatchJitter = min(dispatchJitter, hour)
        config.timerSlack = min(timerSlack, hour)
        config.threadStartCost = min(threadStartCost, hour)
        config.processStartCost = min(processStartCost, hour)
        config.pctSteps = max(1, pctSteps)
        config.latency = min(latency, hour)
        return config
    }
}
