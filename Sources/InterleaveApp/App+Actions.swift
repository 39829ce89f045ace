import InterleaveCore
import InterleaveReports
import InterleaveRuntime

/// What each key's action does to the app, and the commands it sends.
extension App {
    mutating func perform(_ action: Action) -> [Command] {
        switch action {
        case .choose:
            return []
        case .chooseForMe, .chooseNext:
            guard config.policy.chooser == .manual else {
                notice = "the choices already choose themselves: a and A are for the manual policy (P switches policy)"
                return []
            }
            if choosingUntil != nil {
                choosingUntil = nil
                ui.choicesLeft = nil
                notice = "the choices wait for you again"
                return []
            }
            choosingUntil = summary.troubleCount
            if action == .chooseNext {
                ui.choicesLeft = App.chosenAtATime
                notice = "the next \(App.chosenAtATime) choices choose themselves, unless something goes wrong first (a or A stops)"
            } else {
                ui.choicesLeft = nil
                notice = "the choices choose themselves until something goes wrong (a again stops)"
            }
            if let request = pendingChoice { return answerForMe(request) }
            if play == .paused {
                play = .playing
                target = now
            }
        case .quit:
            return [.control(.stop), .quit]
        case .help:
            showingHelp.toggle()
        case .togglePlay:
            // Stopped by a watchpoint: on to the next one, if the run has made it already.
            if let hit = nextWatchHit() { return stop(at: hit.index, because: hit.reason) }
            if viewing != nil {
                // Back to the run, and on with it.
                backToLive()
                if play == .paused { play = .playing }
                target = now
                return []
            }
            switch play {
            case .playing:
                play = .paused
                return [.control(.pause)]
            case .paused:
                play = .playing
                target = now
            case .awaitingChoice:
                notice = "the run waits for your choice: press a candidate's number"
            case .finished:
                notice = "the run has finished: " + finishedHint
            }
        case .step, .stepToChoice:
            if let viewing {
                // Forward through what already happened.
                let next = action == .step ? viewing + 1 : choice(from: viewing, direction: 1) ?? lastEvent
                return show(event: next)
            }
            guard play == .paused || play == .playing else {
                notice = play == .finished ? "the run has finished: " + finishedHint : "the run waits for your choice"
                return []
            }
            play = .paused
            // One event on: if the engine hands over more (those already made while it played, or
            // several from one step), the view stops at the first of them, and `.` goes on through the rest.
            if action == .step { opening = store.count }
            return [.control(action == .step ? .step(1) : .stepToChoice)]
        case .faster:
            speedIndex = min(App.speeds.count - 1, speedIndex + 1)
            reachedSpeed = nil
        case .slower:
            speedIndex = max(0, speedIndex - 1)
            reachedSpeed = nil
        case .zoomIn:
            if viewport.axis == .steps { notice = "steps: one column per event (t for the time axis)"; break }
            viewport.zoomIn(from: window)
        case .zoomOut:
            if viewport.axis == .steps { notice = "steps: one column per event (t for the time axis)"; break }
            viewport.zoomOut(from: window, fit: fitWidth)
        case .fit:
            viewport.columnWidth = nil
            viewport.start = nil
        case .panBack, .panForward:
            if !viewport.pan(action == .panBack ? -1 : 1, from: window, end: shownEnd, events: shownEventCount, fit: fitWidth,
                             earliest: earliest) {
                notice = "the whole run is in view: zoom in (+) to move along it"
            }
        case .latest:
            viewport.start = nil
            backToLive()
            scroll = pane == .events || pane == .output ? 0 : scroll
        case .toggleAxis:
            let window = self.window
            let middle = window.origin + window.span / 2
            let centre = window.axis == .time ? history.event(atOrAfter: middle) : history.time(of: middle)
            viewport.toggleAxis(from: window, centre: centre)
        case .start:
            if !viewport.home(fit: fitWidth, earliest: earliest) {
                notice = "the whole run is in view: zoom in (+) to move along it"
            }
        case .selectPrevious, .selectNext:
            moveSelection(action == .selectNext ? 1 : -1)
        case .inspect:
            if selected == nil && !threadNames.isEmpty { selected = .thread(0) }
            showPane(pane == .inspector ? .events : .inspector)
        case .watch:
            guard let selection = selected else {
                notice = "select a thread or a lock first (↓), then x stops the run when it blocks or is contended"
                return []
            }
            let on = watchpoints.toggle(selection)
            let what: String
            if case .lock = selection { what = "\(describe(selection)) is contended" } else { what = "\(describe(selection)) blocks" }
            notice = on ? "the run stops when \(what) (x again: it doesn't)" : "no longer stopping when \(what)"
        case .nextPane:
            let all = panes
            showPane(all[((all.firstIndex(of: pane) ?? -1) + 1) % all.count])
        case .scrollBack, .scrollForward:
            scrollPane(up: action == .scrollBack, lines: pageLines)
        case .follow:
            if selected == nil { notice = "select a thread or lock first (↑/↓)"; break }
            following.toggle()
            scroll = 0
            if following && pane != .events { showPane(.events) }
        case .restart, .restartNewSeed, .switchPolicy:
            if names.program.observed != nil {
                notice = "this is a real process, watched: it runs once (quit, and run it again)"
                break
            }
            var config = self.config
            if action == .switchPolicy {
                let presets = Policy.Preset.allCases
                let index = presets.firstIndex(of: config.policy.preset) ?? -1
                config.policy = presets[(index + 1) % presets.count].policy()
                return [.control(.stop), .restart(config)]
            }
            if action == .restartNewSeed { config.seed &+= 1 }
            return [.control(.stop), .restart(config)]
        case .save:
            return [.save]
        case .stepBack:
            guard store.count > 1 else { break }
            return show(event: (viewing ?? lastEvent) - 1)
        case .backToChoice:
            guard let found = choice(from: viewing ?? lastEvent, direction: -1) else {
                notice = "no scheduling choice before this event"
                break
            }
            return show(event: found)
        case .seek:
            input = ""
        }
        return []
    }

    mutating func showPane(_ next: Pane) {
        pane = next
        scroll = 0
    }

    /// Moves the selection along the rows: the threads, then the locks.
    private mutating func moveSelection(_ step: Int) {
        let rows = threadNames.count + world.locks.count
        guard rows > 0 else { return }
        let index: Int
        switch selected {
        case .thread(let t)?: index = min(rows - 1, max(0, t + step))
        case .lock(let l)?: index = min(rows - 1, max(0, threadNames.count + l + step))
        case nil: index = step > 0 ? 0 : rows - 1
        }
        selected = index < threadNames.count ? .thread(index) : .lock(index - threadNames.count)
    }

    /// Scrolls the pane `lines` up (to older events and output, to the top of the summary and the
    /// inspector) or down.
    mutating func scrollPane(up: Bool, lines: Int) {
        // Events and output count back from the latest line; the summary and inspector down from the top.
        let back = up == (pane == .events || pane == .output)
        let wanted = max(0, scroll + (back ? lines : -lines))
        scroll = min(maximumScroll, wanted)
        if wanted > scroll && pane == .events && run.log.count >= RunState.logCapacity {
            notice = "the log keeps the latest \(RunState.logCapacity) events (end: back to the latest)"
        }
        bringCursorIntoView()
    }

    /// Moves a zoomed-in or steps window so the log's cursor event is in the middle of it, when it is
    /// out of view (the whole run in view needs no move).
    mutating func bringCursorIntoView() {
        guard let cursor, !viewport.fits(fitWidth) else { return }
        let window = self.window
        let position = window.axis == .time ? cursor.time : cursor.seq
        guard position < window.origin || position >= window.origin + window.span else { return }
        let half = window.span / 2
        viewport.start = position > half ? position - half : 0
    }

    /// The oldest time (time axis) or event (steps axis) the lanes can still show.
    var earliest: UInt64 {
        viewport.axis == .time ? (history.first == 0 ? 0 : history.startTime) : history.first
    }

    /// How far the pane can scroll: its lines beyond one screenful.
    var maximumScroll: Int {
        let count: Int
        switch pane {
        case .events:
            if let viewing { return min(viewing, 16 * 4096) }
            count = following ? run.log.reduce(0) { $0 + (shownInLog($1) ? 1 : 0) } : run.log.count
        case .output: count = summary.output.count
        case .summary: count = summaryLines.count
        case .inspector: count = inspectorLines.count
        // The code follows its thread: nothing to scroll.
        case .code: count = 0
        }
        return max(0, count - (paneHeight - 1))
    }

    /// How far a page key scrolls the pane.
    public var pageLines: Int { max(1, paneHeight - 2) }
}

extension App {
    /// What a finished run offers: a simulated one runs again; a real process ran once, and its past stays.
    var finishedHint: String {
        names.program.observed == nil ? "r runs it again" : ", steps back through what it did"
    }
}
