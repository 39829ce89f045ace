import InterleaveCore
import InterleaveReports
import InterleaveUI

/// What sits over or between the lanes: the contended locks and shared values, the banner, and
/// the help overlay.
extension App {
    /// Lines for the contended locks (who holds them and who waits, now) and the shared
    /// variables (a value written in the latest batch highlighted), at most `maximum` lines.
    func objectLines(maximum: Int) -> [[(String, ColorRole)]] {
        var lines: [[(String, ColorRole)]] = []
        let program = names.program
        for (index, entry) in world.locks.enumerated() where !entry.waiters.isEmpty {
            var line: [(String, ColorRole)] = [(" \(program.locks[index].name): ", .dim)]
            if entry.holder >= 0 {
                line.append(("held by \(summary.names.thread(entry.holder))", .lockHeld))
            } else {
                line.append(("free", .dim))
            }
            line.append(("  waiting: ", .dim))
            line.append((entry.waiters.map { summary.names.thread($0) }.joined(separator: ", "), .lockWait))
            lines.append(line)
        }
        if !program.shared.isEmpty {
            var line: [(String, ColorRole)] = [(" shared: ", .dim)]
            let values = summary.shared.first ?? []
            for (index, variable) in program.shared.enumerated() where index < values.count {
                let fresh = (world.lastWrite[index] ?? 0) >= latestBatch && world.lastWrite[index] != nil
                line.append(("\(variable.name) = \(values[index])", fresh ? .highlight : .text))
                line.append(("  ", .text))
            }
            lines.append(line)
        }
        guard lines.count > maximum else { return lines }
        return Array(lines.prefix(max(0, maximum - 1))) + (maximum > 0 ? [[(" … more objects", .dim)]] : [])
    }

    /// The line under the timeline that matters most now: a choice to make, a deadlock, a failed
    /// expectation, an error, or the end of the run.
    var banner: (text: String, role: ColorRole)? {
        if let request = pendingChoice {
            let candidates = request.options.enumerated().map { "\($0.offset + 1) \(summary.names.thread($0.element))" }
            return ("Your choice, \(summary.names.describe(request.kind)): " + candidates.joined(separator: " · ")
                    + " — press its number", .candidate)
        }
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
            return ("LOST UPDATE on \(names.shared(lost.variable)) (\(lost.count)× so far): \(names.thread(lost.first.thread)) "
                    + "wrote back what it read at #\(first.readStep) over \(names.thread(first.overwritten))'s write #\(first.overwrittenStep)",
                    .alarm)
        }
        // What may go wrong: a race, a lock-order cycle (said once the run has finished, too).
        var warning: String?
        if let race = summary.races.first {
            let r = race.report
            let more = summary.races.count > 1 ? " (and \(summary.races.count - 1) more)" : ""
            warning = "DATA RACE on \(names.shared(r.variable))\(more): \(names.thread(race.thread))'s \(r.write ? "write" : "read") "
                + "#\(r.step) and \(names.thread(r.other))'s \(r.otherWrite ? "write" : "read") #\(r.otherStep), ordered by nothing"
        } else if let cycle = summary.lockOrderCycles.first {
            warning = "POTENTIAL DEADLOCK: locks taken in a cycle: \(names.describe(lockOrder: cycle.report))"
        }
        if play == .finished {
            let checks = summary.expectations.reduce(0) { $0 + $1.passed }
            let verdict = checks == 0 ? "" : ", every expectation held (\(checks) check\(checks == 1 ? "" : "s"))"
            let ending = "Finished: completed after \(formatTime(summary.duration)) (\(summary.eventCount) events)\(verdict). "
            if let warning { return (ending + warning + ". r runs it again, q quits.", .warning) }
            return (ending + "r runs it again, R with the next seed, q quits.", .success)
        }
        if let warning { return (warning, .warning) }
        return nil
    }

    /// The keys (from the bindings) and what the glyphs mean, in a box over the screen; in two
    /// columns when one is too tall.
    func drawHelp(_ grid: inout Grid) {
        let keys = KeyBinding.all.map { $0.label.padding(6) + $0.help }
        let glyphs = ThreadActivity.all.filter { $0.glyph != " " }.map { "\($0.glyph) \(App.shortLabel($0))" }
            + EventMark.allCases.filter { $0 != .none }.map { "\($0.glyph) \($0.label)" }
            + (world.locks.isEmpty ? [] : ["A in a lock lane: thread A holds it", "· free",
                                             "held A+2: A holds it, 2 wait"])
        let columnWidth = (keys.map { CharacterWidth.of($0) }.max() ?? 20) + 2
        // One column of keys if it fits the screen's height, else two.
        func layout(_ columns: Int) -> (perColumn: Int, width: Int, legend: [String], height: Int) {
            let perColumn = (keys.count + columns - 1) / columns
            let width = min(size.width - 2, columns * columnWidth + 3)
            let legend = App.wrap(glyphs, separator: "  ", width: width - 4)
            return (perColumn, width, legend, perColumn + legend.count + 4)
        }
        let one = layout(1)
        let (perColumn, width, legend, fullHeight) = one.height <= size.height - 1 ? one : layout(2)
        let height = min(size.height - 1, fullHeight)
        let x = (size.width - width) / 2, y = max(1, (size.height - height) / 2)
        grid.fill(x: x, y: y, width: width, height: height, with: Cell(" ", role: .text))
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y)
        for row in 1..<(height - 1) {
            grid.put("│", x: x, y: y + row)
            grid.put("│", x: x + width - 1, y: y + row)
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1)
        grid.put(" Keys (any key closes) ", x: x + 2, y: y, attributes: .bold)
        for (index, line) in keys.enumerated() {
            grid.put(line, x: x + 2 + index / perColumn * columnWidth, y: y + 1 + index % perColumn, limit: x + width - 1)
        }
        let legendTop = y + 2 + perColumn
        grid.put("Glyphs", x: x + 2, y: legendTop, attributes: .bold)
        for (offset, line) in legend.enumerated() where legendTop + 1 + offset < y + height - 1 {
            grid.put(line, x: x + 2, y: legendTop + 1 + offset, limit: x + width - 1)
        }
    }
}
