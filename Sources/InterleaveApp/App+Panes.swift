import InterleaveCore
import InterleaveRecording
import InterleaveReports
import InterleaveUI

/// What the pane under the timeline shows: the event log, the program's output, the summary, or
/// the inspector (``PaneView`` draws it, under a row of tabs).
extension App {
    /// The lines the pane shows in `rows` rows: the log, the output, the summary or the inspector.
    func paneLines(rows: Int, width: Int) -> [StyledText] {
        switch pane {
        case .events: return eventLines(rows: rows, width: width)
        case .output:
            return summary.output.isEmpty ? [StyledText(play == .finished ? "(nothing was printed)" : "(nothing printed yet)", .dim)]
                : App.fromBottom(summary.output, rows: rows, scroll: scroll).map { StyledText($0) }
        case .summary: return App.fromTop(summaryLines, rows: rows, scroll: scroll).map { StyledText($0) }
        case .inspector: return App.fromTop(inspectorLines, rows: rows, scroll: scroll)
        case .code: return codeLines(rows: rows, width: width - 2)
        }
    }

    /// The latest `rows` of `lines`, `scroll` lines back.
    static func fromBottom<T>(_ lines: [T], rows: Int, scroll: Int) -> [T] {
        let end = max(min(lines.count, rows), lines.count - scroll)
        return Array(lines[max(0, end - rows)..<end])
    }

    /// `rows` of `lines` from `scroll` down.
    static func fromTop<T>(_ lines: [T], rows: Int, scroll: Int) -> [T] {
        let start = max(0, min(scroll, lines.count - rows))
        return Array(lines.dropFirst(start).prefix(rows))
    }

    /// The role of a detector's finding or a failure in the log: the alarm for what went wrong, a
    /// warning for what may.
    static func findingRole(_ event: Event) -> ColorRole? {
        switch event.kind {
        case .lostUpdate, .deadlock, .error, .expectation(_, passed: false): return .alarm
        case .race, .lockOrderCycle: return .warning
        default: return nil
        }
    }

    /// Whether the event pane lists `event` (all of them, or the followed selection's).
    func shownInLog(_ event: Event) -> Bool {
        guard following, let selected else { return true }
        return concerns(event, selected)
    }

    /// Whether `event` is the selected thread's doing or touches the selected lock.
    func concerns(_ event: Event, _ selection: Selection) -> Bool {
        switch selection {
        case .thread(let t):
            return Int(event.thread) == t
        case .lock(let l):
            switch event.kind {
            case .lockAcquired(let lock, _, _), .lockReleased(let lock, _), .lockFailed(let lock), .blocked(.lock(let lock), _, _):
                return Int(lock) == l
            default:
                return false
            }
        }
    }

    func describe(_ selection: Selection) -> String {
        switch selection {
        case .thread(let t): return t < threadNames.count ? threadNames[t] : "thread \(t)"
        case .lock(let l): return "'\(summary.names.lock(ObjectIndex(l)))'"
        }
    }

    /// The events the log pane shows, oldest first: the latest (or the followed selection's),
    /// `scroll` back. Walks back from the latest only as far as the pane shows.
    func shownEvents(rows: Int) -> [Event] {
        var picked: [Event] = []
        var skipped = 0
        func take(_ events: some Sequence<Event>) -> Bool {
            for event in events where shownInLog(event) {
                if skipped < scroll { skipped += 1; continue }
                picked.append(event)
                if picked.count == rows { return true }
            }
            return false
        }
        if let viewing {
            // Stepped back: the events up to the one shown, from the store, a block at a time (a few at most).
            var end = viewing + 1
            for _ in 0..<16 where end > 0 {
                let start = max(0, end - EventStore.blockEvents)
                if take(store.events(start..<end).reversed()) { break }
                end = start
            }
        } else {
            _ = take(run.log.reversed())
        }
        return picked.reversed()
    }

    /// The event the lanes mark: the one stepped back to, or the bottom one of a log scrolled back.
    var cursor: Event? {
        if let viewing, scroll == 0 { return store.event(viewing) }
        guard pane == .events && scroll > 0 else { return nil }
        return shownEvents(rows: 1).last
    }

    /// The log's lines for the pane, the selected thread's in bold.
    /// A line too long for the pane goes on in the next, so every event can be read whole.
    private func eventLines(rows: Int, width: Int) -> [StyledText] {
        eventRows(rows: rows, width: width).map(\.line)
    }

    /// The log's rows as ``eventLines(rows:width:)`` draws them, each with the event it belongs
    /// to (a long line takes several rows): what a click on one of them goes to.
    func eventRows(rows: Int, width: Int) -> [(line: StyledText, event: UInt64)] {
        let lines = shownEvents(rows: rows).flatMap { event in
            let emphasised = selected.map { concerns(event, $0) } ?? false
            let role = App.findingRole(event) ?? (emphasised ? .highlight : .text)
            return TextFit.wrap(names.line(event, showingLine: true), width: width - 2, indent: 14).map {
                (StyledText($0, role, App.findingRole(event) == nil && emphasised ? .bold : []), event.seq)
            }
        }
        return Array(lines.suffix(rows))
    }

    /// The summary as of the clock now (a run still going has its current states charged up to now).
    public var summaryNow: Summary { summary.asOf(now) }

    /// The run's summary as far as it has gone, whatever moment of its past is shown (what quitting prints).
    public var runSummary: Summary { (run.live ?? run.shown).summary.asOf(liveNow) }

    /// The headless summary's lines: the same figures. A sentence wider than the pane goes on in
    /// the next line, indented; a table wider than the pane goes in blocks of the columns that fit.
    var summaryLines: [String] {
        let width = max(20, paneWidth - 2)
        var lines: [String] = []
        // A table (lines with columns parted by two spaces) goes in blocks of the columns that fit.
        var table: [String] = []
        func endTable() {
            lines += TextFit.wrapTable(table, width: width)
            table = []
        }
        for line in summaryNow.text(config: config).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.dropFirst().contains("  ") {
                table.append(String(line))
                continue
            }
            endTable()
            var rest = Substring(line)
            var first = true
            repeat {
                let room = first ? width : width - 4
                var piece = rest.prefix(room)
                // Break at the last space that fits, if there is one past the indentation.
                if piece.count < rest.count, let space = piece.lastIndex(of: " "), piece.distance(from: piece.startIndex, to: space) > 8 {
                    piece = rest[..<space]
                }
                lines.append((first ? "" : "    ") + piece)
                rest = rest[piece.endIndex...].drop { $0 == " " }
                first = false
            } while !rest.isEmpty
        }
        endTable()
        return lines
    }

    /// The selected thread or lock in detail.
    var inspectorLines: [StyledText] {
        switch selected {
        case .thread(let t)? where t < world.threads.count: return threadDetails(t)
        case .lock(let l)? where l < world.locks.count: return lockDetails(l)
        default: return [StyledText("Select a thread or a lock with ↑/↓ to see it here.", .dim)]
        }
    }

    /// A thread's state, what it waits for and who holds that, the locks it holds, its time in each state.
    private func threadDetails(_ thread: Int) -> [StyledText] {
        var lines: [StyledText] = []
        let activity = self.activity(thread)
        var state = StyledText("\(world.threads[thread].name): ", .text, .bold)
        state.append(activity.label, activity.role)
        if let wait = world.thread(ThreadID(thread))?.wait {
            state.append("  waits for ", .dim)
            state.append(names.describe(wait.target))
            let holder = world.holder(of: wait.target)
            if holder >= 0 {
                state.append(", held by ", .dim)
                state.append(names.thread(holder), .lockHeld)
            }
        }
        lines.append(state)
        let line = Int(world.threads[thread].line)
        if line > 0 {
            var at = StyledText("at line \(line)", .dim)
            if line <= sourceLines.count {
                at.append(": ", .dim)
                at.append(sourceLines[line - 1].drop { $0 == " " || $0 == "\t" }.description, .highlight)
            }
            lines.append(at)
        }
        let held = world.locks.indices.filter { world.locks[$0].holder == ThreadID(thread) }
        var holds = StyledText("holds: ", .dim)
        holds.append(held.isEmpty ? "no locks" : held.map { "'\(names.lock(ObjectIndex($0)))'" }.joined(separator: ", "),
                     held.isEmpty ? .text : .lockHeld)
        lines.append(holds)
        let current = summaryNow
        if thread < current.threads.count {
            let figures = current.threads[thread]
            var times = StyledText("time: ", .dim)
            var parts: [(String, VirtualTime, ThreadActivity)] = [("running", figures.running, .running),
                                                                  ("ready", figures.ready, .ready)]
            for category in WaitCategory.allCases where figures.waited(category) > 0 {
                parts.append((category.label, figures.waited(category), .waiting(category)))
            }
            for (label, time, activity) in parts { times.append("\(label) \(formatTime(time))  ", activity.role) }
            lines.append(times)
        }
        return lines
    }

    /// A lock's holder and waiters now, and its figures so far.
    private func lockDetails(_ lock: Int) -> [StyledText] {
        let entry = world.locks[lock]
        var lines: [StyledText] = []
        var state = StyledText("lock '\(names.lock(ObjectIndex(lock)))': ", .text, .bold)
        if entry.holder >= 0 {
            state.append("held by \(names.thread(entry.holder)) (\(App.tag(entry.holder)))", .lockHeld)
        } else {
            state.append("free", .dim)
        }
        lines.append(state)
        var waiting = StyledText("waiting: ", .dim)
        waiting.append(entry.waiters.isEmpty ? "nobody" : entry.waiters.map { names.thread($0) }.joined(separator: ", "),
                       entry.waiters.isEmpty ? .text : .lockWait)
        lines.append(waiting)
        if lock < summary.locks.count {
            let figures = summary.locks[lock]
            let times = figures.acquisitions == 1 ? "time" : "times"
            let waited = figures.contended == 1 ? "1 request" : "\(figures.contended) requests"
            lines.append(StyledText("taken \(figures.acquisitions) \(times); \(waited) had to wait, "
                                    + "\(formatTime(figures.totalWait)) in all, the longest \(formatTime(figures.longestWait))"))
        }
        return lines
    }
}
