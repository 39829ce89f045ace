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
    /// Time between a thread being put on a core and its first instruction there (2.5 µs).
    public var contextSwitchCost: VirtualTime
    /// Under a GIL (CPython on this machine), how much longer a thread asleep in the kernel
    /// takes to run again once woken: 20 µs, so that with the context switch a woken thread
    /// runs about 24 µs later (an interrupt must bring this virtual machine's idle CPU back:
    /// `Benchmarks/calibrate-cpython.py`, a lock passed back and forth, 19 to 28 µs a leg).
    public var wakeUpLatency: VirtualTime
    /// Under a GIL, what waking a thread that sleeps in the kernel costs the thread that wakes
    /// it (a futex wake that sends that interrupt; 9 µs on this virtual machine, where it leaves
    /// the VM: `Benchmarks/calibrate-cpython.py`, a `Lock.release()` that wakes a waiter, 7.4 to
    /// 10.7 µs in three runs).
    public var wakeUpCost: VirtualTime
    /// Under a GIL, a system call that wakes no one (a lock's release while its woken waiter is on its way,
    /// or is still awake), and as long, the time a thread that begins to wait takes to fall
    /// asleep, and to come back from a wait it had not fallen asleep in (this virtual machine's
    /// CPUs halt as soon as they idle: `guest_halt_poll_ns` is 0). 250 ns, from how much a
    /// contended `Lock` slows its owner's loop in CPython here (`Benchmarks/calibrate-cpython.py`).
    public var syscallCost: VirtualTime
    /// Up to this much more is added, at random (seeded), to every dispatch: real context switches vary.
    public var dispatchJitter: VirtualTime
    /// Up to this much is added, at random (seeded), to every timer: Linux's default timer slack is 50 µs.
    public var timerSlack: VirtualTime
    /// How much later than a woken thread a started one comes alive (creating an OS thread): 75
    /// µs, so that under a GIL, with the two wake-ups it involves (the starter's, the joiner's)
    /// on top, starting and joining a thread that does nothing takes what it does in CPython
    /// 3.11 here, 109 to 125 µs (`Benchmarks/Fidelity/thread_start.py`).
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
        wakeUpLatency: VirtualTime = VirtualDuration.us(20), wakeUpCost: VirtualTime = 9_000, syscallCost: VirtualTime = 250,
        dispatchJitter: VirtualTime = VirtualDuration.us(2), timerSlack: VirtualTime = VirtualDuration.us(50),
        threadStartCost: VirtualTime = VirtualDuration.us(75), processStartCost: VirtualTime = VirtualDuration.ms(2),
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
        self.wakeUpLatency = wakeUpLatency
        self.wakeUpCost = wakeUpCost
        self.syscallCost = syscallCost
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
        config.wakeUpLatency = min(wakeUpLatency, hour)
        config.wakeUpCost = min(wakeUpCost, hour)
        config.syscallCost = min(syscallCost, hour)
        config.dispatchJitter = min(dispatchJitter, hour)
        config.timerSlack = min(timerSlack, hour)
        config.threadStartCost = min(threadStartCost, hour)
        config.processStartCost = min(processStartCost, hour)
        config.pctSteps = max(1, pctSteps)
        config.latency = min(latency, hour)
        return config
    }
}
