import Foundation
import InterleaveExplore
import Synchronization

/// The search's progress on standard error: one line rewritten in place on a terminal, or a plain
/// line every few seconds otherwise (a log keeps them all).
final class ProgressLine: Sendable {
    private let terminal = isatty(2) != 0
    private let state = Mutex<(shown: Bool, lastPlain: Int64)>((false, 0))

    func show(_ progress: Exploration.Progress) {
        let seconds = progress.elapsed.seconds
        let rate = seconds > 0 ? Int(Double(progress.schedules) / seconds) : 0
        let text = "\(progress.schedules) schedules · \(rate)/s · \(progress.failing) failing · \(String(format: "%.1f", seconds))s"
        state.withLock { state in
            if terminal {
                FileHandle.standardError.write(Data(("\r\u{1B}[K  " + text).utf8))
                state.shown = true
            } else if progress.elapsed.components.seconds >= state.lastPlain + 5 {
                state.lastPlain = progress.elapsed.components.seconds
                FileHandle.standardError.write(Data(("  " + text + "\n").utf8))
            }
        }
    }

    /// Takes the line away before the results are printed.
    func clear() {
        state.withLock { state in
            if state.shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.shown = false
        }
    }
}
