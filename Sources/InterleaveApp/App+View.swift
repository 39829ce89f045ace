import InterleaveCore
import InterleaveReports
import InterleaveUI

/// Drawing the app: header, one timeline row per thread, the event log, banners, the status bar
/// and the help overlay. The work depends on the screen's size, not on the run's length.
extension App {
    /// The smallest screen the app draws on.
    public static let minimumSize = (width: 80, height: 24)

    public func view(into grid: inout Grid) {
        grid.clear()
        guard size.width >= App.minimumSize.width && size.height >= App.minimumSize.height else {
            let message = "Interleave needs a terminal of at least \(App.minimumSize.width)×\(App.minimumSize.height). "
                + "This one is \(size.width)×\(size.height): make it bigger, or press q to quit."
            for (offset, line) in App.wrap(message, width: size.width).enumerated() { grid.put(line, x: 0, y: offset) }
            return
        }
        drawHeader(&grid)
        let logHeight = max(5, size.height / 4)
        let statusRow = size.height - 1
        let logTop = statusRow - logHeight
        let banner = self.banner
        let bannerLines = banner.map { App.wrap($0.text, width: size.width - 1).prefix(3) } ?? []
        let bannerTop = logTop - max(1, bannerLines.count)
        let objectLines = self.objectLines(maximum: max(0, (bannerTop - 3) / 3))
        let objectsTop = bannerTop - objectLines.count
        drawTimeline(&grid, top: 1, bottom: objectsTop)
        for (offset, line) in objectLines.enumerated() {
            var x = 0
            for (text, role) in line { x = grid.put(text, x: x, y: objectsTop + offset, role: role) }
        }
        if let banner {
            for (offset, line) in bannerLines.enumerated() {
                let y = bannerTop + offset
                if banner.role == .alarm { grid.fill(x: 0, y: y, width: size.width, height: 1, with: Cell(" ", role: .alarm)) }
                grid.put(" " + line, x: 0, y: y, role: banner.role, attributes: .bold)
            }
        }
        if inspecting, let selected, selected < timeline.names.count {
            drawInspector(&grid, thread: selected, top: logTop, bottom: statusRow)
        } else {
            drawLog(&grid, top: logTop, bottom: statusRow)
        }
        drawStatusBar(&grid, row: statusRow)
        if showingHelp { drawHelp(&grid) }
    }

    private func drawHeader(_ grid: inout Grid) {
        grid.fill(x: 0, y: 0, width: size.width, height: 1, with: Cell(" ", role: .header))
        let state: String
        switch play {
        case .playing: state = "▶ playing"
        case .paused: state = "‖ paused"
        case .awaitingChoice: state = "? your choice"
        case .finished: state = "■ finished"
        }
        let machine = " \(scenario) · \(config.policy.name) · \(config.cores) core\(config.cores == 1 ? "" : "s") · seed \(config.seed)"
        // The longest header that fits: with the title, then without, then with fewer words.
        let full = "\(formatTime(now)) · \(summary.eventCount) events · \(state) · \(App.speedLabel(speed)) "
        let short = "\(formatTime(now)) · \(summary.eventCount) ev · \(state) · \(App.speedLabel(speed)) "
        let titled = " Interleave ·" + machine
        let (left, right) = [(titled, full), (machine, full), (machine, short)]
            .first { CharacterWidth.of($0.0) + CharacterWidth.of($0.1) < size.width } ?? (machine, short)
        let rightStart = max(0, size.width - CharacterWidth.of(right))
        grid.put(right, x: rightStart, y: 0, role: .header, attributes: .bold)
        grid.put(left, x: 0, y: 0, role: .header, attributes: .bold, limit: rightStart - 1)
    }

    /// `1s/s`, `10ms/s`: virtual time per second of wall time.
    static func speedLabel(_ speed: VirtualTime) -> String {
        var text = formatTime(speed)
        if let dot = text.firstIndex(of: ".") {
            let unit = text.drop { $0 != "." }.drop { $0.isNumber || $0 == "." }
            text = String(text[..<dot]) + unit
        }
        return text + "/s"
    }

    private func drawTimeline(_ grid: inout Grid, top: Int, bottom: Int) {
        let names = timeline.names
        let nameWidth = min(20, max(10, names.map { CharacterWidth.of($0) }.max() ?? 10))
        let stateWidth = 8
        let left = nameWidth + 1 + stateWidth + 1
        let room = max(10, size.width - left - 1)
        let columnWidth = timeline.columnWidth(fitting: room)
        let columns = min(room, max(1, Int((timeline.end + columnWidth - 1) / columnWidth)))
        // Axis.
        var column = 0
        while column < columns {
            let label = Timeline.axisLabel(VirtualTime(column) * columnWidth)
            if column + CharacterWidth.of(label) > room { break }
            grid.put("╵" + label, x: left + column, y: top, role: .dim)
            column += 10
        }
        grid.put("1 column = \(Timeline.axisLabel(columnWidth))", x: 1, y: top, role: .dim, limit: left)
        let rows = max(0, bottom - top - 1)
        for thread in 0..<min(names.count, rows) {
            let y = top + 1 + thread
            let current = timeline.current(thread)
            let isSelected = thread == selected
            if let request = pendingChoice, let index = request.options.firstIndex(of: ThreadID(thread)) {
                // A candidate of the pending choice: its number where its state is.
                grid.put(" \(index + 1) ", x: nameWidth + 1, y: y, role: .candidate, attributes: .bold)
            }
            if isSelected { grid.fill(x: 0, y: y, width: nameWidth, height: 1, with: Cell(" ", role: .selection)) }
            grid.put(names[thread], x: 0, y: y, role: isSelected ? .selection : .text, limit: nameWidth)
            if pendingChoice?.options.contains(ThreadID(thread)) != true {
                grid.put(App.shortLabel(current), x: nameWidth + 1, y: y, role: App.role(current), limit: nameWidth + 1 + stateWidth)
            }
            for (offset, activity) in timeline.row(thread, columns: columns, width: columnWidth).enumerated() {
                grid[left + offset, y] = Cell(activity.glyph, role: App.role(activity))
            }
        }
        if names.count > rows && rows > 0 {
            grid.put("… \(names.count - rows + 1) more threads", x: 0, y: top + rows, role: .dim)
        }
    }

    /// Lines for the locks (holder and waiters now, the contended ones first) and the shared variables (a value written in
    /// the latest batch highlighted), as runs of text and role, at most `maximum` lines.
    func objectLines(maximum: Int) -> [[(String, ColorRole)]] {
        var lines: [[(String, ColorRole)]] = []
        let program = names.program
        // The locks that matter most first: waited for, then held, then free.
        let order = locks.entries.indices.sorted { a, b in
            func rank(_ entry: LockTable.Entry) -> Int { !entry.waiters.isEmpty ? 0 : entry.holder != nil ? 1 : 2 }
            return (rank(locks.entries[a]), a) < (rank(locks.entries[b]), b)
        }
        for index in order {
            let entry = locks.entries[index]
            var line: [(String, ColorRole)] = [(" \(program.locks[index].name): ", .dim)]
            if let holder = entry.holder {
                line.append(("held by \(summary.names.thread(holder))", .lockHeld))
            } else {
                line.append(("free", .dim))
            }
            if !entry.waiters.isEmpty {
                line.append(("  waiting: ", .dim))
                line.append((entry.waiters.map { summary.names.thread($0) }.joined(separator: ", "), .lockWait))
            }
            lines.append(line)
        }
        if !program.shared.isEmpty {
            var line: [(String, ColorRole)] = [(" shared: ", .dim)]
            let values = summary.shared.first ?? []
            for (index, variable) in program.shared.enumerated() where index < values.count {
                let fresh = (lastWrite[index] ?? 0) >= latestBatch && lastWrite[index] != nil
                line.append(("\(variable.name) = \(values[index])", fresh ? .highlight : .text))
                line.append(("  ", .text))
            }
            lines.append(line)
        }
        guard lines.count > maximum else { return lines }
        return Array(lines.prefix(max(0, maximum - 1))) + (maximum > 0 ? [[(" … more objects", .dim)]] : [])
    }

    /// The line under the timeline that matters most now: a deadlock, a failed expectation, an
    /// error, or the end of the run.
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
        if play == .finished {
            return ("Finished: completed after \(formatTime(summary.duration)) (\(summary.eventCount) events). Press q to quit.",
                    .success)
        }
        return nil
    }

    private func drawLog(_ grid: inout Grid, top: Int, bottom: Int) {
        grid.put("─ events " + String(repeating: "─", count: max(0, size.width - 9)), x: 0, y: top, role: .dim)
        let rows = bottom - top - 1
        for (offset, event) in log.suffix(rows).enumerated() {
            grid.put(names.line(event), x: 1, y: top + 1 + offset)
        }
    }

    /// The selected thread: its state, what it waits for and who holds that, the locks it holds,
    /// and its time in each state so far.
    private func drawInspector(_ grid: inout Grid, thread: Int, top: Int, bottom: Int) {
        let name = timeline.names[thread]
        grid.put("─ \(name) " + String(repeating: "─", count: max(0, size.width - CharacterWidth.of(name) - 3)),
                 x: 0, y: top, role: .dim)
        var lines: [[(String, ColorRole)]] = []
        let activity = timeline.current(thread)
        var state: [(String, ColorRole)] = [("state: ", .dim), (activity.label, App.role(activity))]
        if thread < waits.count, let wait = waits[thread] {
            state.append(("  waits for ", .dim))
            state.append((summary.names.describe(wait.target), .text))
            if wait.holder >= 0 {
                state.append((", held by ", .dim))
                state.append((summary.names.thread(wait.holder), .lockHeld))
            }
        }
        lines.append(state)
        let held = locks.entries.indices.filter { locks.entries[$0].holder == ThreadID(thread) }
        lines.append([("holds: ", .dim),
                      (held.isEmpty ? "no locks" : held.map { "'\(summary.names.lock(ObjectIndex($0)))'" }.joined(separator: ", "),
                       held.isEmpty ? .text : .lockHeld)])
        if thread < summary.threads.count {
            let figures = summary.threads[thread]
            var times: [(String, ColorRole)] = [("time: ", .dim)]
            var parts: [(String, VirtualTime, ThreadActivity)] = [("running", figures.running, .running),
                                                                  ("ready", figures.ready, .ready)]
            for category in WaitCategory.allCases where figures.waited(category) > 0 {
                parts.append((category.label, figures.waited(category), .waiting(category)))
            }
            for (label, time, activity) in parts {
                times.append(("\(label) \(formatTime(time))", App.role(activity)))
                times.append(("  ", .text))
            }
            lines.append(times)
        }
        for (offset, line) in lines.prefix(bottom - top - 1).enumerated() {
            var x = 1
            for (text, role) in line { x = grid.put(text, x: x, y: top + 1 + offset, role: role) }
        }
    }

    private func drawStatusBar(_ grid: inout Grid, row: Int) {
        grid.fill(x: 0, y: row, width: size.width, height: 1, with: Cell(" ", role: .statusBar))
        let text = notice.map { " " + $0 }
            ?? " " + KeyBinding.all.compactMap { binding in binding.short.map { "\(binding.label) \($0)" } }
            .joined(separator: "  ")
        grid.put(text, x: 0, y: row, role: .statusBar)
    }

    private func drawHelp(_ grid: inout Grid) {
        let lines = KeyBinding.all.map { binding in
            let keys = binding.label.padding(8) + binding.help
            return keys
        }
        let width = min(size.width - 4, (lines.map { CharacterWidth.of($0) }.max() ?? 20) + 4)
        let height = lines.count + 4
        let x = (size.width - width) / 2, y = max(1, (size.height - height) / 2)
        grid.fill(x: x, y: y, width: width, height: height, with: Cell(" ", role: .text))
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y)
        for row in 1..<(height - 1) {
            grid.put("│", x: x, y: y + row)
            grid.put("│", x: x + width - 1, y: y + row)
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1)
        grid.put(" Keys ", x: x + 2, y: y, attributes: .bold)
        for (offset, line) in lines.enumerated() {
            grid.put(line, x: x + 2, y: y + 2 + offset, limit: x + width - 1)
        }
    }

    /// `text` broken into lines of at most `width` columns, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && CharacterWidth.of(line) + 1 + CharacterWidth.of(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A thread's activity in a few letters, for the column beside its name.
    static func shortLabel(_ activity: ThreadActivity) -> String {
        switch activity {
        case .running: return "running"
        case .ready: return "ready"
        case .notStarted: return "new"
        case .finished: return "done"
        case .waiting(let category):
            switch category {
            case .gil: return "GIL"
            case .condition: return "cond"
            case .semaphore: return "sem"
            default: return category.label
            }
        }
    }

    /// The colour role of an activity.
    static func role(_ activity: ThreadActivity) -> ColorRole {
        switch activity {
        case .running: return .running
        case .ready: return .ready
        case .notStarted, .finished: return .finished
        case .waiting(let category):
            switch category {
            case .gil: return .gilWait
            case .lock: return .lockWait
            case .join, .start: return .joinWait
            case .sleep, .io: return .sleeping
            default: return .objectWait
            }
        }
    }
}

extension StringProtocol {
    func padding(_ width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}
