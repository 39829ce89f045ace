/// The simulator as a producer of events: a ``Machine`` running a program, and the detectors
/// (``Detectors``) as a stage of its stream, so its events carry what they find.
///
/// A value, like the machine: a copy is a snapshot, and running the copy later continues exactly
/// where the original was, detectors and all.
public struct Simulation: EventSource {
    public private(set) var machine: Machine
    /// The detectors (a stage the events pass through when ``detecting``). Not an optional: with
    /// one, Swift built each simulation in a temporary and copied it, a cost `explore` paid per schedule.
    public private(set) var detectors: Detectors
    /// Whether the events pass through the detectors.
    public let detecting: Bool

    /// A run of `program` under `config`, with the detectors unless `detecting` is false.
    public init(program: Program, config: MachineConfig = MachineConfig(), detecting: Bool = true) {
        machine = Machine(program: program, config: config)
        detectors = Detectors(program: program)
        self.detecting = detecting
    }

    public var capabilities: SourceCapabilities { [.choices, .snapshots] }
    public var program: Program { machine.program }
    public var config: MachineConfig { machine.config }
    public var eventCount: UInt64 { detecting ? detectors.eventCount : machine.eventsDelivered }
    public var now: VirtualTime { machine.now }
    /// The choice the run is stopped at, waiting for ``answer(_:)``.
    public var pendingChoice: ChoiceRequest? { machine.pendingChoice }
    /// How the run ended, once it has.
    public var outcome: Outcome? { machine.outcome }

    public mutating func run(_ limit: RunLimit, into events: inout [Event]) -> RunStatus {
        let start = events.count
        let status = machine.run(limit, into: &events)
        if detecting { detectors.process(&events, from: start) }
        return status
    }

    public mutating func answer(_ index: Int) throws(ChoiceError) {
        try machine.answer(index)
    }
}
