import InterleaveCore
import InterleaveReports
import InterleaveUI

/// Drawing the app: header, lanes, objects, banner, pane, status bar, help. The work depends on
/// the screen's size, not on the run's length.
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
        let statusRow = size.height - 1
        let paneTop = statusRow - paneHeight
        let banner = self.banner
        let bannerLines = banner.map { App.wrap($0.text, width: size.width - 1).prefix(3) } ?? []
        let bannerTop = paneTop - max(1, bannerLines.count)
        let objectLines = self.objectLines(maximum: max(0, (bannerTop - 3) / 3))
        let objectsTop = bannerTop - objectLines.count
        drawLanes(&grid, top: 1, bottom: objectsTop)
        for (offset, line) in objectLines.enumerated() {
            var x = 0
            for (text, role) in line { x = grid.put(text, x: x, y: objectsTop + offset, role: role) }
        }
        if let banner {
            for (offset, line) in bannerLines.enumerated() {
                let y = bannerTop + offset
                if banner.role == .alarm || banner.role == .warning {
                    grid.fill(x: 0, y: y, width: size.width, height: 1, with: Cell(" ", role: banner.role))
                }
                grid.put(" " + line, x: 0, y: y, role: banner.role, attributes: .bold)
            }
        }
        drawPane(&grid, top: paneTop, bottom: statusRow)
        drawStatusBar(&grid, row: statusRow)
        if showingHelp { drawHelp(&grid) }
    }

    /// Rows of the pane under the timeline, its title included: a quarter of the screen, and up
    /// to half of it for the summary.
    var paneHeight: Int {
        let base = max(6, size.height / 4)
        guard pane == .summary else { return base }
        return max(base, min(summaryLines.count + 1, size.height / 2))
    }

    private func drawHeader(_ grid: inout Grid) {
        grid.fill(x: 0, y: 0, width: size.width, height: 1, with: Cell(" ", role: .header))
        var state: String
        switch play {
        case .playing: state = "▶ playing"
        case .paused: state = "‖ paused"
        case .awaitingChoice: state = "? your choice"
        case .finished:
            switch summary.outcome {
            case .deadlock?: state = "■ DEADLOCK"
            case .stepLimit?: state = "■ step limit"
            default: state = summary.succeeded ? "■ finished" : "■ failed"
            }
        }
        if let viewing { state = "⏪ #\(viewing) of \(store.count)" }
        let cores = "\(config.cores) core\(config.cores == 1 ? "" : "s")"
        let machine = " \(scenario) · \(config.policy.name) · \(cores) · seed \(config.seed)"
        let brief = " \(scenario) · \(config.policy.name) · seed \(config.seed)"
        // The longest header that fits: with the title, then without, then with fewer words.
        // The speed asked for, or "~" and what the engine reaches when it cannot keep up.
        var pace = App.speedLabel(speed)
        if play == .playing, let reached = reachedSpeed, reached < speed / 10 * 8 { pace = "~" + App.speedLabel(reached) }
        let full = "\(formatTime(now)) · \(summary.eventCount) events · \(state) · \(pace) "
        let short = "\(formatTime(now)) · \(summary.eventCount) ev · \(state) · \(pace) "
        let titled = " Interleave ·" + machine
        let (left, right) = [(titled, full), (machine, full), (machine, short), (brief, short)]
            .first { CharacterWidth.of($0.0) + CharacterWidth.of($0.1) < size.width } ?? (brief, short)
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

    /// The bindings with a short word, as many as fit, then always help and quit.
    private func drawStatusBar(_ grid: inout Grid, row: Int) {
        grid.fill(x: 0, y: row, width: size.width, height: 1, with: Cell(" ", role: .statusBar))
        if let input {
            grid.put(" go to: \(input)▏  an event (#120) or a time (1.5ms); enter goes, esc gives up", x: 0, y: row, role: .statusBar)
            return
        }
        if let notice {
            grid.put(" " + notice, x: 0, y: row, role: .statusBar)
            return
        }
        let entries = KeyBinding.all.compactMap { binding in binding.short.map { "\(binding.label) \($0)" } }
        let last = entries.suffix(2)
        var text = ""
        for entry in entries.dropLast(2) {
            let candidate = text + " " + entry + " "
            guard CharacterWidth.of(candidate + last.joined(separator: "  ")) + 1 <= size.width else { break }
            text = candidate
        }
        grid.put(text + " " + last.joined(separator: "  "), x: 0, y: row, role: .statusBar)
    }

    /// `text` cut to `width` columns, with `…` where it was cut: at the end, or in the middle
    /// (`keepingEnd`), so names that differ only at the end stay apart.
    static func fit(_ text: String, _ width: Int, keepingEnd: Bool = false) -> String {
        guard CharacterWidth.of(text) > width else { return text }
        let tail = keepingEnd ? String(text.suffix(max(0, (width - 1) / 2))) : ""
        var cut = ""
        for character in text {
            guard CharacterWidth.of(cut + String(character)) + CharacterWidth.of(tail) < width else { break }
            cut.append(character)
        }
        return cut + "…" + tail
    }

    /// `text` broken into lines of at most `width` columns, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        wrap(text.split(separator: " ").map(String.init), separator: " ", width: width)
    }

    /// `items` laid out in lines of at most `width` columns, `separator` between them, never split.
    static func wrap(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            if !line.isEmpty && CharacterWidth.of(line + separator + item) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : separator) + item
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
