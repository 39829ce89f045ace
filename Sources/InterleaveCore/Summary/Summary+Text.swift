/// The summary as plain text, for the headless run, CI logs and screen readers.
extension Summary {
    public func text(config: MachineConfig? = nil) -> String {
        var lines: [String] = []
        let program = names.program
        var header = "Scenario: \(program.name)"
        if let observed = program.observed {
            header = "Program: \(program.name) — real \(observed), watched"
            if program.controlled {
                header = "Program: \(program.name) — real \(observed) under Interleave's schedule"
                if let config { header += ", policy \(config.policy.name), seed \(config.seed)" }
            }
        } else if let config {
            header += " — policy \(config.policy.name), \(config.cores) core\(config.cores == 1 ? "" : "s"), seed \(config.seed)"
        }
        lines.append(header)
        let outcomeText: String
        switch outcome {
        case .completed?: outcomeText = "completed"
        case .deadlock?: outcomeText = "DEADLOCK"
        case .stepLimit?: outcomeText = "stopped by the step limit"
        case nil: outcomeText = "still running"
        }
        lines.append("Outcome: \(outcomeText) after \(formatTime(duration)) of \(program.realTime ? "real" : "virtual") time "
            + "(\(eventCount) events, \(choiceCount) scheduling choices)")
        if let first = uncontrolled.first {
            lines.append("Not replayable for sure: the run moved on \(uncontrolled.count) time\(uncontrolled.count == 1 ? "" : "s") "
                + "without the schedule's decision (the first: \(first))")
        }

        lines.append("")
        let columns = ["thread", "running", "ready", "GIL wait", "blocked", "sleep/io", "finished"]
        var rows: [[String]] = []
        for figures in threads {
            let blocked = figures.waiting.filter { ![.gil, .sleep, .io].contains($0.key) }.values.reduce(0, +)
            let blockedText = blocked == 0 ? "-" : formatTime(blocked) + " (" + figures.waiting
                .filter { ![.gil, .sleep, .io].contains($0.key) && $0.value > 0 }
                .sorted { $0.key < $1.key }
                .map(\.key.label).joined(separator: ", ") + ")"
            rows.append([
                figures.name + (figures.daemon ? " [daemon]" : ""),
                formatTime(figures.running),
                formatTime(figures.ready),
                figures.waited(.gil) == 0 ? "-" : formatTime(figures.waited(.gil)),
                blockedText,
                formatTime(figures.waited(.sleep) + figures.waited(.io)),
                figures.stopped ? "stopped" : figures.finishedAt.map(formatTime) ?? "no",
            ])
        }
        lines.append(contentsOf: table(columns, rows))

        if !locks.isEmpty {
            lines.append("")
            lines.append(contentsOf: table(
                ["lock", "acquisitions", "contended", "total wait", "longest wait"],
                locks.map { [$0.name, String($0.acquisitions), String($0.contended),
                             formatTime($0.totalWait), formatTime($0.longestWait)] }))
        }

        if shared.contains(where: { !$0.isEmpty }) {
            lines.append("")
            for (p, values) in shared.enumerated() {
                // Objects' attributes can make thousands: the first 50 are enough to read.
                var assignments = values.indices.prefix(50).map { "\(names.variable(Int32($0))) = \(values[$0].words(names))" }
                    .joined(separator: ", ")
                if values.count > 50 { assignments += ", … and \(values.count - 50) more" }
                lines.append((shared.count > 1 ? "Shared (process \(p)): " : "Shared: ") + assignments)
            }
        }

        if !expectations.isEmpty {
            lines.append("")
            for figures in expectations {
                if figures.failed > 0 {
                    let at = figures.firstFailure.map { " first at \(formatTime($0.time)) in \(names.thread($0.thread))" } ?? ""
                    lines.append("FAILED   expect \(figures.text) (failed \(figures.failed)×\(at))")
                } else if figures.passed > 0 {
                    lines.append("passed   expect \(figures.text)")
                } else {
                    lines.append("not run  expect \(figures.text)")
                }
            }
        }

        if !errors.isEmpty {
            lines.append("")
            for record in errors {
                lines.append("error at \(formatTime(record.time)) in \(names.thread(record.thread)): \(names.describe(record.error))")
            }
        }

        lines.append(contentsOf: findingLines())

        if let deadlock {
            lines.append("")
            if deadlock.cycle.isEmpty {
                lines.append("Deadlock: no thread can run and nothing can wake one.")
            } else {
                lines.append("Deadlock: \(names.describe(cycle: deadlock.cycle))")
            }
            for edge in deadlock.blocked {
                lines.append("  \(names.thread(edge.thread)) waits for \(names.describe(edge.target))"
                    + (edge.holder >= 0 ? ", held by \(names.thread(edge.holder))" : ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The detectors' findings: data races, lost updates and lock-order cycles.
    private func findingLines() -> [String] {
        var lines: [String] = []
        if !races.isEmpty {
            lines.append("")
            lines.append("Data races (accesses no synchronization orders; the GIL does not count):")
            for race in races {
                let r = race.report
                lines.append("  \(names.variable(r.variable)): \(names.thread(race.thread))'s \(r.write ? "write" : "read") #\(r.step) "
                    + "and \(names.thread(r.other))'s \(r.otherWrite ? "write" : "read") #\(r.otherStep), at \(formatTime(race.time))")
            }
        }
        if !lostUpdates.isEmpty {
            lines.append("")
            for lost in lostUpdates {
                let first = lost.first.report
                lines.append("Lost updates on \(names.variable(lost.variable)): \(lost.count) (the first at \(formatTime(lost.first.time)): "
                    + "\(names.thread(lost.first.thread)) wrote back what it read at #\(first.readStep) over "
                    + "\(names.thread(first.overwritten))'s write #\(first.overwrittenStep))")
            }
        }
        for cycle in lockOrderCycles {
            lines.append("")
            lines.append("Potential deadlock: locks taken in a cycle: \(names.describe(lockOrder: cycle.report))")
        }
        return lines
    }

    /// Left-aligned first column, right-aligned others.
    private func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
