import InterleaveCore

/// How timelines draw an activity: one glyph each, so a timeline reads without colour.
extension ThreadActivity {
    /// The glyph of the plain-text timeline (blank while the thread is not alive).
    public var glyph: Character {
        switch self {
        case .running: return "#"
        case .ready: return "-"
        case .notStarted, .finished: return " "
        // Each sort of wait's glyph is declared with it, in the vocabulary.
        case .waiting(let category): return category.glyph
        }
    }

    /// The activity in words, for legends.
    public var label: String {
        switch self {
        case .running: return "running"
        case .ready: return "ready"
        case .notStarted: return "not started"
        case .finished: return "finished"
        case .waiting(let category):
            switch category {
            case .gil: return "waiting for the GIL"
            case .sleep: return "sleeping"
            case .io: return "in I/O"
            case .start: return "starting a thread"
            default: return "waiting: \(category.label)"
            }
        }
    }
}

extension ThreadActivity {
    /// What the glyphs among `seen` mean, in a legend's order: the states, then the marks.
    public static func legend(of seen: Set<Character>, marks: Bool = true) -> [String] {
        ThreadActivity.all.filter { $0.glyph != " " && seen.contains($0.glyph) }.map { "\($0.glyph) \($0.label)" }
            + (marks ? EventMark.allCases.filter { $0 != .none && seen.contains($0.glyph) }.map { "\($0.glyph) \($0.label)" } : [])
    }
}
