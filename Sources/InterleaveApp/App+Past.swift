import InterleaveCore
import InterleaveRecording
import InterleaveReports

/// Going back in time: the state at any event of the run so far, from the nearest checkpoint of
/// the live state and the events after it (at most ``checkpointInterval`` of them to fold).
extension App {
    /// The last event of the run so far.
    var lastEvent: Int { run.lastEvent }

    /// Shows the state just after event `n` (the live run when `n` is its last event).
    mutating func show(event n: Int) -> [Command] {
        guard store.count > 0 else { return [] }
        let n = min(max(0, n), lastEvent)
        if n == lastEvent {
            backToLive()
            return []
        }
        var commands: [Command] = []
        if run.live == nil && play == .playing {
            play = .paused
            commands.append(.control(.pause))
        }
        run.show(event: n)
        viewing = n
        scroll = 0
        bringCursorIntoView()
        return commands
    }

    /// Back to the live run, as it is now.
    mutating func backToLive() {
        run.backToLive()
        viewing = nil
    }

    /// The nearest choice event before (`direction` -1) or after (+1) event `n`, looking at most
    /// `blocks` blocks of events away.
    func choice(from n: Int, direction: Int, blocks: Int = 64) -> Int? {
        let span = EventStore.blockEvents
        var start = n
        for _ in 0..<blocks {
            let (lower, upper) = direction < 0 ? (max(0, start - span), start) : (start + 1, min(store.count, start + 1 + span))
            guard lower < upper else { return nil }
            let range = lower..<upper
            let events = store.events(range)
            let found = direction < 0 ? events.last { App.isChoice($0) } : events.first { App.isChoice($0) }
            if let found { return Int(found.seq) }
            start = direction < 0 ? range.lowerBound : range.upperBound - 1
        }
        return nil
    }

    static func isChoice(_ event: Event) -> Bool {
        if case .choice = event.kind { return true }
        return false
    }

    /// Where "go to" text points: `#120` or `120` (an event), or `1.5ms` (the last event at or
    /// before that time, and the time).
    func target(of text: String) -> (event: Int, time: VirtualTime?)? {
        let trimmed = text.trimmingPrefix("#")
        if let number = Int(trimmed) { return (number, nil) }
        guard let time = VirtualDuration.parse(String(trimmed)), let event = store.lastEvent(atOrBefore: time) else { return nil }
        return (event, time)
    }


    /// At a past choice under the manual policy: runs candidate `index` there instead, replacing
    /// the run after it (the session confirms with `branched`, and the app starts again from there).
    mutating func branch(_ index: Int) -> [Command] {
        guard let viewing, let event = store.event(viewing), case .choice(_, let options, let chosen) = event.kind else {
            notice = "step back to a choice (<) to choose differently there"
            return []
        }
        guard capabilities.contains(.choices) && !capabilities.isDisjoint(with: [.snapshots, .rerun]) else {
            notice = "this run is shown as it was recorded: choosing again needs a run that can be made again"
            return []
        }
        guard config.policy.chooser == .manual else {
            notice = "choosing again needs the manual policy (P switches policy)"
            return []
        }
        guard options.indices.contains(index) else {
            notice = "choose 1 to \(options.count)"
            return []
        }
        let index = App.keyOrder(options)[index]
        guard index != Int(chosen) else {
            notice = "that is what happened: pick another candidate to try another future"
            return []
        }
        // Which answer this choice was: its place among the choices.
        var low = 0, high = run.choiceEvents.count
        while low < high {
            let middle = (low + high) / 2
            if run.choiceEvents[middle] < viewing { low = middle + 1 } else { high = middle }
        }
        awaitingBranch = true
        notice = "you chose \(summary.names.thread(options[index])) at #\(viewing): the run after it is replaced"
        return [.control(.branch(answer: low, option: index))]
    }

    /// The app as it was after the first `count` events, the view kept, playing on: what a branch starts from.
    func truncated(to count: Int) -> App {
        var app = restarted(config: config)
        app.viewport = viewport
        app.pane = pane
        var start = 0
        while start < min(count, store.count) {
            let end = min(min(count, store.count), start + EventStore.blockEvents)
            _ = app.update(.session(.events(store.events(start..<end))))
            start = end
        }
        // On from the new choice, as after any pick.
        app.play = .playing
        app.target = app.now
        app.notice = notice
        return app
    }
}
