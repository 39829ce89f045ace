/// Drives a source, answering its choices: the one way a run is given answers, whether they come
/// from a recording, a schedule `explore` tries, a person's earlier picks or a test. Each choice
/// gets the next listed answer, unless the caller decides otherwise; every answer given is kept in
/// order (``answers``), so the run it made can be made again.
public struct Driver<Source: EventSource>: Sendable {
    public private(set) var source: Source
    /// The answers: those to give, then those given since (past the listed ones), in the order of the choices.
    public private(set) var answers: [Int]
    /// How many choices have been answered.
    public private(set) var given: Int

    /// `source`, with `answers` for its choices from answer number `given` on.
    public init(_ source: Source, answers: [Int] = [], given: Int = 0) {
        self.source = source
        self.answers = answers
        self.given = max(0, given)
    }

    public var eventCount: UInt64 { source.eventCount }

    /// What `body` reads of the source, without copying it.
    public func read<T>(_ body: (Source) -> T) -> T { body(source) }

    /// Runs the source until `limit`, answering its choices as they come, within the same call (so
    /// a run with many answered choices still hands out big batches). `decide` picks each answer
    /// from the choice, its listed answer (nil past the list) and the source waiting at it; the
    /// listed one by default. A
    /// choice it declines (nil), or whose answer does not fit, is returned
    /// (``RunStatus/awaitingChoice(_:)``) to be answered with ``answer(_:)``.
    public mutating func run(_ limit: RunLimit, into events: inout [Event],
                             decide: (ChoiceRequest, _ listed: Int?, Source) -> Int? = { _, listed, _ in listed }) -> RunStatus {
        let start = events.count
        var rest = limit
        while true {
            let status = source.run(rest, into: &events)
            guard case .awaitingChoice(let request) = status,
                  let index = decide(request, given < answers.count ? answers[given] : nil, source),
                  (try? answer(index)) != nil else { return status }
            // A limit of n events counts those before the answer.
            let made = events.count - start
            if made >= limit.maxEvents && !limit.stopAfterChoice { return .budgetExhausted }
            rest.maxEvents = max(1, limit.maxEvents - made)
        }
    }

    /// Answers the choice the source waits at, and keeps the answer: the listed one, or one that
    /// replaces the rest of the list (a new future).
    public mutating func answer(_ index: Int) throws(ChoiceError) {
        try source.answer(index)
        if given < answers.count && answers[given] != index { answers.removeSubrange(given...) }
        if given >= answers.count {
            while answers.count < given { answers.append(0) }
            answers.append(index)
        }
        given += 1
    }

    /// Runs to the end, answering choices with `decide` (the listed answers, then the default, 0,
    /// unless told) and handing each batch of events to `each`. Returns how it stopped: finished,
    /// ended, or at a choice `decide` declined.
    @discardableResult
    public mutating func runToEnd(batch: Int = 1 << 16, decide: (ChoiceRequest, _ listed: Int?, Source) -> Int? = { _, listed, _ in listed ?? 0 },
                                  each: ([Event]) -> Void) -> RunStatus {
        var events: [Event] = []
        while true {
            events.removeAll(keepingCapacity: true)
            let status = run(RunLimit(maxEvents: batch), into: &events, decide: decide)
            each(events)
            switch status {
            case .finished, .ended, .awaitingChoice:
                return status
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
    }

    /// Every event to the end, answering choices with `decide` (the listed answers, then 0).
    public mutating func eventsToEnd(decide: (ChoiceRequest, _ listed: Int?, Source) -> Int? = { _, listed, _ in listed ?? 0 }) -> [Event] {
        var all: [Event] = []
        runToEnd(decide: decide) { all.append(contentsOf: $0) }
        return all
    }
}
