import InterleaveCore
import InterleaveUI

/// The top line: the scenario and the machine on the left; the clock, the events, the play state
/// and the pace on the right, in as many words as fit.
struct HeaderBar: Widget {
    let app: App

    func draw(into grid: inout Grid, in area: Rect) {
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, with: Cell(" ", role: .header))
        var state: String
        switch app.play {
        case .playing: state = "▶ playing"
        case .paused: state = "‖ paused"
        case .awaitingChoice: state = "? your choice"
        case .finished:
            switch app.summary.outcome {
            case .deadlock?: state = "■ DEADLOCK"
            case .stepLimit?: state = "■ step limit"
            default: state = app.summary.succeeded ? "■ finished" : "■ failed"
            }
        }
        if let viewing = app.viewing { state = "⏪ #\(viewing) of \(app.store.count)" }
        let config = app.config
        let cores = "\(config.cores) core\(config.cores == 1 ? "" : "s")"
        var machine = " \(app.scenario) · \(config.policy.name) · \(cores) · seed \(config.seed)"
        var brief = " \(app.scenario) · \(config.policy.name) · seed \(config.seed)"
        if let observed = app.names.program.observed {
            // A real process: its own interpreter and scheduling, watched.
            machine = " \(app.scenario) · real \(observed) · watched"
            brief = " \(app.scenario) · real \(observed)"
            if app.names.program.controlled {
                machine = " \(app.scenario) · real \(observed) · \(config.policy.name) · seed \(config.seed)"
            }
        }
        // The longest header that fits: with the title, then without, then with fewer words.
        // The speed asked for, or "~" and what the engine reaches when it cannot keep up.
        var pace = HeaderBar.speedLabel(app.speed)
        if app.play == .playing, let reached = app.reachedSpeed, reached < app.speed / 10 * 8 {
            pace = "~" + HeaderBar.speedLabel(reached)
        }
        let full = "\(formatTime(app.now)) · \(app.summary.eventCount) events · \(state) · \(pace) "
        let short = "\(formatTime(app.now)) · \(app.summary.eventCount) ev · \(state) · \(pace) "
        let titled = " Interleave ·" + machine
        let (left, right) = [(titled, full), (machine, full), (machine, short), (brief, short)]
            .first { CharacterWidth.of($0.0) + CharacterWidth.of($0.1) < area.width } ?? (brief, short)
        let rightStart = max(area.x, area.right - CharacterWidth.of(right))
        grid.put(right, x: rightStart, y: area.y, role: .header, attributes: .bold, limit: area.right)
        grid.put(left, x: area.x, y: area.y, role: .header, attributes: .bold, limit: rightStart - 1)
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
}
