import InterleaveCore
import InterleaveUI

/// The code: the program's source with each thread's letter where it is, following a thread
/// (``CodeView`` draws it, beside the pane on a wide screen or as one of its tabs).
extension App {
    /// The narrowest screen that shows the code beside the pane rather than as a tab.
    static let codeBesideWidth = 120

    /// Whether the code is shown beside the pane (a wide screen, a program with its source).
    var codeBeside: Bool { !sourceLines.isEmpty && size.width >= App.codeBesideWidth }

    /// The tabs the pane cycles through: the code is one unless it is shown beside the pane, or
    /// the program came without its source.
    public var panes: [Pane] {
        Pane.allCases.filter { $0 != .code || (!sourceLines.isEmpty && !codeBeside) }
    }

    /// Whether the code is on screen (so the lanes name threads by their letters).
    var showsCode: Bool { codeBeside || (pane == .code && !sourceLines.isEmpty) }

    /// The thread the code follows: the selected one, else the actor of the event shown (the
    /// latest, or the one stepped back to).
    var followedThread: Int? {
        if case .thread(let t)? = selected { return t }
        let event = viewing.flatMap { store.event($0) } ?? run.log.last
        guard let thread = event?.thread, thread >= 0 else { return nil }
        return Int(thread)
    }

    /// The threads at each source line now, in thread order: those started and not finished
    /// whose latest event has a line.
    func threadsByLine() -> [Int32: [Int]] {
        var byLine: [Int32: [Int]] = [:]
        for t in world.threads.indices {
            let line = world.threads[t].line
            guard line > 0 else { continue }
            switch activity(t) {
            case .notStarted, .finished: continue
            default: byLine[line, default: []].append(t)
            }
        }
        return byLine
    }

    /// The code's title: whom it follows and where.
    var codeTitle: String {
        guard let t = followedThread, t < world.threads.count else { return "code" }
        let line = world.threads[t].line
        return "code: \(App.tag(ThreadID(t))) \(world.threads[t].name)" + (line > 0 ? " at line \(line)" : "")
    }

    /// `rows` lines of the source, `width` columns wide, around the followed thread's line: a
    /// gutter with the letters of the threads at each line (coloured by what each does), the
    /// line's number, and its text; the followed thread's line stands out.
    func codeLines(rows: Int, width: Int) -> [StyledText] {
        guard rows > 0, !sourceLines.isEmpty else { return [] }
        let byLine = threadsByLine()
        let followed = followedThread
        let focus = followed.flatMap { $0 < world.threads.count ? Int(world.threads[$0].line) : nil } ?? 0
        // The focus a third of the way down, the window kept within the source.
        let first = max(0, min(focus - 1 - rows / 3, sourceLines.count - rows))
        let numberWidth = String(sourceLines.count).count
        let markWidth = 3
        var lines: [StyledText] = []
        for index in first..<min(sourceLines.count, first + rows) {
            let number = index + 1
            var line = StyledText()
            let here = byLine[Int32(number)] ?? []
            // The followed thread's letter first, then the others; three at most ("+" for more).
            let ordered = here.filter { $0 == followed } + here.filter { $0 != followed }
            let shown = ordered.count > markWidth ? Array(ordered.prefix(markWidth - 1)) : ordered
            for t in shown {
                line.append(String(App.tag(ThreadID(t))), activity(t).role, t == followed ? .bold : [])
            }
            if shown.count < ordered.count { line.append("+", .dim) }
            let used = shown.count + (shown.count < ordered.count ? 1 : 0)
            line.append(String(repeating: " ", count: markWidth - used))
            let isFocus = number == focus
            line.append(" " + String(repeating: " ", count: numberWidth - String(number).count) + "\(number) ",
                        isFocus ? .highlight : .dim, isFocus ? .bold : [])
            let text = sourceLines[index].split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
            let room = max(0, width - markWidth - numberWidth - 2)
            line.append(TextFit.fit(text, room), isFocus ? .highlight : .text, isFocus ? .bold : [])
            lines.append(line)
        }
        return lines
    }
}
