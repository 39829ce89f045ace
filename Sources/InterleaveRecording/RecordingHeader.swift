import InterleaveCore

/// What a recording says about its run before the events: enough to run it again exactly.
public struct RecordingHeader: Sendable, Hashable {
    /// The interleave version that wrote it.
    public var interleaveVersion: String
    /// ``Event/vocabularyVersion`` of the events.
    public var vocabulary: UInt16
    public var scenarioName: String
    /// The scenario's whole source, so the recording stands alone.
    public var source: String
    public var sourceHash: UInt64
    /// The machine's configuration: policy (by name, with PCT's depth), seed, cores, every cost.
    /// A policy whose chooser is `.manual` had every choice answered from outside (a person, or
    /// `explore`): running it again takes the answers from the recorded choices.
    public var config: MachineConfig
    /// The event a viewer opens at (the failure `explore` found), if any.
    public var focus: UInt64?
    /// What ran the program, when the events were observed in a real process ("Python 3.11.7")
    /// rather than simulated: the recording is then the only account of the run (format 5). Its
    /// `config` is the default one, which no event depends on.
    public var observed: String?
    /// How to run a real program again under Interleave's schedule, when the run was one (format
    /// 6): `replay` and `verify` run it again with the recorded choices. Its policy and seed are
    /// the `config`'s.
    public var rerun: Rerun?

    /// Where a real program ran under Interleave's schedule, with what, and the clock it read.
    public struct Rerun: Sendable, Hashable {
        /// The program's file, as an absolute path.
        public var path: String
        /// Its own arguments.
        public var arguments: [String]
        /// The wall-clock time its `time.time()` started from (nanoseconds since 1970).
        public var epoch: Int64
        /// Whether each read and write of a shared variable was a scheduling point (`--accesses`).
        public var accesses: Bool
        public init(path: String, arguments: [String], epoch: Int64, accesses: Bool = false) {
            self.path = path
            self.arguments = arguments
            self.epoch = epoch
            self.accesses = accesses
        }
    }

    public init(interleaveVersion: String, scenarioName: String, source: String, config: MachineConfig) {
        self.interleaveVersion = interleaveVersion
        vocabulary = Event.vocabularyVersion
        self.scenarioName = scenarioName
        self.source = source
        sourceHash = RecordingFormat.sourceHash(source)
        self.config = config
    }

    func encode(into w: inout ByteWriter) {
        w.string(interleaveVersion)
        w.varint(UInt64(vocabulary))
        w.string(scenarioName)
        w.string(source)
        w.fixed64(sourceHash)
        w.string(config.policy.name)
        if case .pct(let depth) = config.policy.chooser { w.varint(UInt64(depth)) } else { w.varint(0) }
        w.varint(config.seed)
        w.varint(UInt64(config.cores))
        for value in [config.instructionCost, config.switchInterval, config.quantum, config.concurrencyWindow,
                      config.contextSwitchCost, config.dispatchJitter, config.timerSlack, config.threadStartCost,
                      config.processStartCost, config.maxSteps, config.pctSteps] {
            w.varint(value)
        }
        w.byte(config.policy.chooser == .manual ? 1 : 0)
        w.varint(focus.map { $0 + 1 } ?? 0)
        w.varint(config.latency)
        w.varint(config.wakeUpLatency)
        w.varint(config.wakeUpCost)
        w.varint(config.syscallCost)
        w.string(observed ?? "")
        if let rerun {
            w.byte(1)
            w.string(rerun.path)
            w.varint(UInt64(rerun.arguments.count))
            for argument in rerun.arguments { w.string(argument) }
            w.varint(UInt64(clamping: max(0, rerun.epoch)))
            w.byte(rerun.accesses ? 1 : 0)
        } else {
            w.byte(0)
        }
    }

    static func decode(from r: inout ByteReader, formatVersion: UInt16) throws(RecordingError) -> RecordingHeader {
        let version = try r.string("the interleave version")
        let vocabularyOffset = r.offset
        let vocabulary = try r.varint("the event vocabulary's version")
        guard vocabulary <= UInt64(Event.vocabularyVersion) else {
            throw .damaged(offset: vocabularyOffset, expected: "event vocabulary \(Event.vocabularyVersion) or older, found \(vocabulary)")
        }
        let name = try r.string("the scenario's name")
        let source = try r.string("the scenario's source")
        let hashOffset = r.offset
        let hash = try r.fixed64("the source's hash")
        guard hash == RecordingFormat.sourceHash(source) else {
            throw .damaged(offset: hashOffset, expected: "the hash of the source stored before it")
        }
        let policyOffset = r.offset
        let policyName = try r.string("the policy")
        let depthOffset = r.offset
        let depth = try r.varint("PCT's depth")
        guard depth <= UInt64(Policy.pctDepths.upperBound) else {
            throw .damaged(offset: depthOffset, expected: "PCT's depth, 0 to \(Policy.pctDepths.upperBound), found \(depth)")
        }
        guard let policy = Policy.named(policyName, pctDepth: Int(clamping: max(1, depth))) else {
            throw .damaged(offset: policyOffset, expected: "a policy (\(Policy.names.joined(separator: ", "))), found '\(policyName)'")
        }
        var config = MachineConfig(policy: policy)
        config.seed = try r.varint("the seed")
        let coresOffset = r.offset
        let cores = try r.varint("the number of cores")
        guard (1...1024).contains(cores) else { throw .damaged(offset: coresOffset, expected: "1 to 1024 cores, found \(cores)") }
        config.cores = Int(cores)
        config.instructionCost = try r.varint("the instruction cost")
        config.switchInterval = try r.varint("the switch interval")
        config.quantum = try r.varint("the quantum")
        config.concurrencyWindow = try r.varint("the concurrency window")
        config.contextSwitchCost = try r.varint("the context switch cost")
        config.dispatchJitter = try r.varint("the dispatch jitter")
        config.timerSlack = try r.varint("the timer slack")
        config.threadStartCost = try r.varint("the thread start cost")
        config.processStartCost = try r.varint("the process start cost")
        config.maxSteps = try r.varint("the step limit")
        config.pctSteps = try r.varint("PCT's step estimate")
        var focus: UInt64?
        if formatVersion >= 2 {
            let answeredOffset = r.offset
            switch try r.byte("whether every choice was answered") {
            case 0: break
            case 1: if config.policy.chooser != .manual { config.policy = .answered(config.policy) }
            default: throw .damaged(offset: answeredOffset, expected: "whether every choice was answered (0 or 1)")
            }
            let value = try r.varint("the event to open at")
            focus = value == 0 ? nil : value - 1
        }
        if formatVersion >= 3 {
            config.latency = try r.duration("the network's latency")
        }
        // Older recordings were made by a model in which a sleeping thread woke as fast as any,
        // and waking it and a system call cost nothing.
        config.wakeUpLatency = 0
        config.wakeUpCost = 0
        config.syscallCost = 0
        if formatVersion >= 4 {
            config.wakeUpLatency = try r.duration("the wake-up latency")
            config.wakeUpCost = try r.duration("the wake-up cost")
            config.syscallCost = try r.duration("the system call cost")
        }
        var header = RecordingHeader(interleaveVersion: version, scenarioName: name, source: source, config: config)
        header.vocabulary = UInt16(vocabulary)
        header.focus = focus
        if formatVersion >= 5 {
            let observed = try r.string("what ran the program")
            header.observed = observed.isEmpty ? nil : observed
        }
        if formatVersion >= 6 {
            let flagOffset = r.offset
            switch try r.byte("whether the run can be run again") {
            case 0: break
            case 1:
                let path = try r.string("the program's path")
                let countOffset = r.offset
                let count = try r.varint("the number of the program's arguments")
                guard count <= 100_000 else { throw .damaged(offset: countOffset, expected: "at most 100000 arguments, found \(count)") }
                var arguments: [String] = []
                for _ in 0..<count { arguments.append(try r.string("an argument of the program")) }
                let epoch = try r.varint("the clock's start")
                let accessesOffset = r.offset
                let accesses = try r.byte("whether shared variables' accesses were scheduling points")
                guard accesses <= 1 else { throw .damaged(offset: accessesOffset, expected: "0 or 1 for whether accesses were scheduling points") }
                header.rerun = Rerun(path: path, arguments: arguments, epoch: Int64(clamping: epoch), accesses: accesses == 1)
            default:
                throw .damaged(offset: flagOffset, expected: "whether the run can be run again (0 or 1)")
            }
        }
        return header
    }
}
