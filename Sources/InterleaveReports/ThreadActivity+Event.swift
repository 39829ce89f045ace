import InterleaveCore

extension ThreadActivity {
    /// Every activity by its ``index``.
    public static let byIndex: [ThreadActivity] = all.sorted { $0.index < $1.index }

    /// The thread whose activity `event` changes, and what it becomes; nil for events that
    /// change no thread's activity. Timelines and the history index share this one reading.
    public static func change(by event: Event) -> (thread: ThreadID, activity: ThreadActivity)? {
        switch event.kind {
        case .threadCreated(let child, _, _, _): return (child, .notStarted)
        case .threadStarted(let child): return (child, .ready)
        case .dispatched: return (event.thread, .running)
        case .preempted, .woken: return (event.thread, .ready)
        case .blocked(let target, _, _): return (event.thread, .waiting(target.category))
        case .threadFinished, .threadStopped: return (event.thread, .finished)
        default: return nil
        }
    }
}
