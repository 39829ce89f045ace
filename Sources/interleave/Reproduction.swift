import InterleaveCore
import InterleaveRecording
import InterleaveScenario

/// Whether a recording's scenario, run again under its recorded configuration and manual answers,
/// gives the recorded events: the first difference if not.
struct Reproduction {
    /// Where the run again parts from the recording, in words.
    struct Difference {
        var event: Int
        var recorded: String
        var now: String

        /// Prints `headline`, then the recorded event and what came instead.
        func report(_ headline: String) {
            print(headline)
            print("  recorded: \(recorded)")
            print("  now:      \(now)")
        }
    }

    /// What a verified recording's line adds about how it ends: cut short, saved before the run ended, or nothing.
    static func ending(of recording: Recording) -> String {
        if recording.cutShort { return " (the recording was cut short)" }
        if case .finished? = recording.events.last?.kind { return "" }
        return " (the run was recorded before it ended)"
    }

    /// The events as the recording's vocabulary has them: without kinds added after it (an older
    /// recording has no detectors' findings), fields added after it at their defaults.
    static func downgrade(_ events: inout [Event], to vocabulary: UInt16) {
        guard vocabulary < Event.vocabularyVersion else { return }
        events = events.compactMap { event in
            event.kind.asVocabulary(vocabulary).map { Event(seq: event.seq, time: event.time, thread: event.thread, kind: $0) }
        }
    }

    /// Nil when every recorded event comes again (and a run that ended ends there too).
    static func difference(_ recording: Recording, _ scenario: Scenario) -> Difference? {
        difference(recording, running: Simulation(program: scenario.program, config: recording.header.config),
                   program: scenario.program)
    }

    /// Nil when `source`, given the recording's answers, makes every recorded event again: the one
    /// check for a simulation run again and for a real program run again under the schedule.
    static func difference<Source: EventSource>(_ recording: Recording, running source: Source, program: Program) -> Difference? {
        // The recorded choices' answers are given again; a choice past them ends the run here.
        var driver = Driver(source, answers: recording.answers)
        var names = EventNames(program: program)
        let recorded = recording.events
        var index = 0
        var batch: [Event] = []
        var surplus: Event?
        /// `event` in words, as the run so far names things.
        func words(_ event: Event) -> String {
            var current = names
            current.observe(event)
            return current.line(event)
        }
        run: while index < recorded.count {
            batch.removeAll(keepingCapacity: true)
            let status = driver.run(RunLimit(maxEvents: 4096), into: &batch)
            downgrade(&batch, to: recording.header.vocabulary)
            for var event in batch {
                // Without the findings, the events after them come sooner.
                event.seq = UInt64(index)
                guard index < recorded.count else {
                    surplus = event
                    break run
                }
                if event != recorded[index] {
                    return Difference(event: index, recorded: words(recorded[index]), now: words(event))
                }
                names.observe(recorded[index])
                index += 1
            }
            switch status {
            case .finished, .ended, .awaitingChoice:
                break run
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        if index < recorded.count {
            return Difference(event: index, recorded: words(recorded[index]), now: "the run ended after \(index) events")
        }
        // A recording of a run that ended must end where the run ends; one saved or cut mid-run is checked as far as it goes.
        guard case .finished? = recorded.last?.kind else { return nil }
        var extra: [Event] = []
        if surplus == nil {
            _ = driver.run(RunLimit(maxEvents: 1), into: &extra)
            downgrade(&extra, to: recording.header.vocabulary)
        }
        if let event = surplus ?? extra.first {
            return Difference(event: index, recorded: "the end of the run", now: words(event))
        }
        return nil
    }
}
