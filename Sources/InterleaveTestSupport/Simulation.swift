import InterleaveCore

/// A finished run: every event, its summary and the machine as it ended.
public struct SimulationResult: Sendable {
    public var events: [Event]
    public var summary: Summary
    public var machine: Machine

    /// A stable fingerprint of the event stream (FNV-1a over each event's canonical text).
    public var digest: UInt64 { StreamDigest.of(events) }

    /// The choices made, in order, as indices into their options.
    public var choices: [Int] {
        events.compactMap { event in
            if case .choice(_, _, let chosen) = event.kind { return Int(chosen) }
            return nil
        }
    }

    /// The run's event log, one line per event (for failure messages).
    public var log: String {
        var names = EventNames(program: machine.program)
        return events.map { event in
            names.observe(event)
            return names.line(event)
        }.joined(separator: "\n")
    }
}

/// Runs `program` to the end under `config`, with the detectors (unless `detecting` is false);
/// manual choice points are answered by `answer`.
public func simulate(_ program: Program, _ config: MachineConfig = MachineConfig(), detecting: Bool = true,
                     answering answer: (ChoiceRequest) -> Int = { _ in 0 }) -> SimulationResult {
    var driver = Driver(Simulation(program: program, config: config, detecting: detecting))
    let events = driver.eventsToEnd { request, _, _ in answer(request) }
    var summary = Summary(program: program)
    summary.consume(events)
    return SimulationResult(events: events, summary: summary, machine: driver.source.machine)
}

/// A stable 64-bit fingerprint of an event stream.
public enum StreamDigest {
    public static func of(_ events: [Event]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for event in events {
            for byte in "\(event.seq) \(event.time) \(event.thread) \(event.kind)\n".utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}
