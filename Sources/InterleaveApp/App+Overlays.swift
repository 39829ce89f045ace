import InterleaveCore
import InterleaveReports
import InterleaveUI

/// What sits between the lanes and the pane: the contended locks and shared values, and the banner.
extension App {
    /// Lines for the contended locks (who holds them and who waits, now) and the shared
    /// variables (a value written in the latest batch highlighted), at most `maximum` lines.
    func objectLines(maximum: Int) -> [StyledText] {
        var lines: [StyledText] = []
        for (index, entry) in world.locks.enumerated() where !entry.waiters.isEmpty {
            var line = StyledText(" \(names.lock(ObjectIndex(index))): ", .dim)
            if entry.holder >= 0 {
                line.append("held by \(names.thread(entry.holder))", .lockHeld)
            } else {
                line.append("free", .dim)
            }
            line.append("  waiting: ", .dim)
            line.append(entry.waiters.map { names.thread($0) }.joined(separator: ", "), .lockWait)
            lines.append(line)
        }
        let values = summary.shared.first ?? []
        if !values.isEmpty {
            var line = StyledText(" shared: ", .dim)
            // The line is cut at the screen's edge: the first hundred are more than it holds.
            for index in values.indices.prefix(100) {
                let fresh = world.lastWrite(of: index).map { $0 >= latestBatch } ?? false
                line.append("\(names.variable(Int32(index))) = \(values[index].words(names))", fresh ? .highlight : .text)
                line.append("  ")
            }
            lines.append(line)
        }
        guard lines.count > maximum else { return lines }
        return Array(lines.prefix(max(0, maximum - 1))) + (maximum > 0 ? [StyledText(" … more objects", .dim)] : [])
    }

    /// The lines under the timeline: the choice to make (the one waiting, or the past one shown),
    /// then what matters most at the event shown (a deadlock, a failed expectation, an error, a
    /// finding, or the end of the run). Both can stand at once: a lost update made by hand.
    var banners: [(text: String, role: ColorRole)] {
        [choiceBanner, stateBanner].compactMap { $0 }
    }

    /// The candidates of a choice as keys number them, in that order: `1 Adder-1`, `2 Adder-2`.
    func candidateLabels(_ options: [ThreadID]) -> [String] {
        App.keyOrder(options).enumerated().map { "\($0.offset + 1) \(summary.names.thread(options[$0.element]))" }
    }

    /// The candidates of a choice as keys number them: `1 Adder-1 · 2 Adder-2`.
    func numbered(_ options: [ThreadID]) -> String {
        candidateLabels(options).joined(separator: " · ")
    }

    /// The choice a key (or a click on the banner) answers: the one waiting, or at a past choice
    /// shown, that one (a key branches there), with who went there.
    var keyedChoice: (kind: ChoiceKind, options: [ThreadID], chosen: ThreadID?)? {
        if let viewing {
            guard let event = store.event(viewing), case .choice(let kind, let options, let chosen) = event.kind,
                  config.policy.chooser == .manual else { return nil }
            return (kind, options, options[Int(chosen)])
        }
        return pendingChoice.map { ($0.kind, $0.options, nil) }
    }

    /// The banner of the choice a key answers.
    var choiceBanner: (text: String, role: ColorRole)? {
        guard let choice = keyedChoice else { return nil }
        let kind = summary.names.describe(choice.kind)
        if let viewing, let chosen = choice.chosen {
            return ("At #\(viewing), \(kind): \(numbered(choice.options)) — \(summary.names.thread(chosen)) "
                    + "went; press another's number to try it instead", .candidate)
        }
        return ("Your choice, \(kind): " + numbered(choice.options) + " — press its number", .candidate)
    }

    /// What matters most at the event shown.
    var stateBanner: (text: String, role: ColorRole)? {
        if let deadlock = summary.deadlock {
            return (deadlock.cycle.isEmpty ? "DEADLOCK: no thread can run and nothing can wake one"
                : "DEADLOCK: " + summary.names.describe(cycle: deadlock.cycle), .alarm)
        }
        if let failed = summary.expectations.first(where: { $0.failed > 0 }) {
            return ("FAILED: expect \(failed.text)", .alarm)
        }
        if let error = summary.errors.last {
            return ("error in \(summary.names.thread(error.thread)): \(summary.names.describe(error.error))", .alarm)
        }
        let names = summary.names
        if let lost = summary.lostUpdates.first {
            let first = lost.first.report
            return ("LOST UPDATE on \(names.variable(lost.variable)) (\(lost.count)× so far): \(names.thread(lost.first.thread)) "
                    + "wrote back what it read at #\(first.readStep) over \(names.thread(first.overwritten))'s write #\(first.overwrittenStep)",
                    .alarm)
        }
        // What may go wrong: a race, a lock-order cycle (said once the run has finished, too).
        var warning: String?
        if let race = summary.races.first {
            let r = race.report
            let more = summary.races.count > 1 ? " (and \(summary.races.count - 1) more)" : ""
            warning = "DATA RACE on \(names.variable(r.variable))\(more): \(names.thread(race.thread))'s \(r.write ? "write" : "read") "
                + "#\(r.step) and \(names.thread(r.other))'s \(r.otherWrite ? "write" : "read") #\(r.otherStep), ordered by nothing"
        } else if let cycle = summary.lockOrderCycles.first {
            warning = "POTENTIAL DEADLOCK: locks taken in a cycle: \(names.describe(lockOrder: cycle.report))"
        }
        // The end, only at the end: a past event shows what was true then.
        if play == .finished && viewing == nil {
            let checks = summary.expectations.reduce(0) { $0 + $1.passed }
            let verdict = checks == 0 ? "" : ", every expectation held (\(checks) check\(checks == 1 ? "" : "s"))"
            let ending = "Finished: completed after \(formatTime(summary.duration)) (\(summary.eventCount) events)\(verdict). "
            // A real process runs once; a simulated one runs again at a key.
            let again = names.program.observed == nil ? "r runs it again, " : ", steps back through it, "
            if let warning { return (ending + warning + ". " + again + "q quits.", .warning) }
            return (ending + again + (names.program.observed == nil ? "R with the next seed, " : "") + "q quits.", .success)
        }
        if let warning { return (warning, .warning) }
        return nil
    }
}
