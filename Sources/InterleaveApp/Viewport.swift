import InterleaveCore
import InterleaveReports

/// Which stretch of the run the timeline shows: virtual time or steps on the x-axis, the zoom,
/// and where the window starts. View state only; the run's data is untouched by it.
public struct Viewport: Sendable, Hashable {
    /// What one column stands for.
    public enum Axis: Sendable, Hashable {
        /// A span of virtual time.
        case time
        /// One event, so things that happen at the same instant (a read, then a write) get a column each.
        case steps
    }

    public var axis: Axis = .time
    /// Nanoseconds per column on the time axis; nil fits the whole run.
    public var columnWidth: VirtualTime?
    /// The first time (time axis) or event (steps axis) shown; nil follows the latest.
    public var start: UInt64?

    public init() {}

    /// The window to draw `columns` wide, for a run of `end` nanoseconds and `events` events;
    /// `fit` is the column width that shows the whole run.
    public func window(columns: Int, end: VirtualTime, events: Int, fit: VirtualTime) -> Window {
        let columns = max(1, columns)
        switch axis {
        case .steps:
            let latest = max(0, events - columns)
            let first = start.map { min(Int(clamping: $0), latest) } ?? latest
            return Window(axis: .steps, origin: UInt64(first), width: 1, columns: columns, following: start == nil)
        case .time:
            guard let width = columnWidth, width < fit else {
                return Window(axis: .time, origin: 0, width: fit, columns: columns, following: true)
            }
            let span = width * VirtualTime(columns)
            if let start {
                let latest = Viewport.aligned(end + width > span ? end + width - span : 0, to: width, up: true)
                return Window(axis: .time, origin: min(Viewport.aligned(start, to: width, up: false), latest), width: width,
                              columns: columns, following: false)
            }
            // Following: the latest time in view, ticks on round times (the window moves ten columns at a time).
            let origin = end + width > span ? Viewport.aligned(end + width - span, to: 10 * width, up: true) : 0
            return Window(axis: .time, origin: origin, width: width, columns: columns, following: true)
        }
    }

    /// The next zoom in from `window`: a column of a round smaller width (1, 2 or 5 times a power
    /// of ten), at least 1 ns, and at most two thirds of what it was (from a fitted width of
    /// 110 ns, 50 ns rather than 100 ns).
    public mutating func zoomIn(from window: Window) {
        guard axis == .time, window.width > 1 else { return }
        let width = Viewport.roundWidths.last { $0 * 3 <= window.width * 2 } ?? 1
        recentre(window, to: width)
    }

    /// The next zoom out; back to fitting the whole run once a column would cover it.
    public mutating func zoomOut(from window: Window, fit: VirtualTime) {
        guard axis == .time, columnWidth != nil else { return }
        let width = Viewport.roundWidths.first { $0 > window.width } ?? fit
        if width >= fit {
            columnWidth = nil
            start = nil
        } else {
            recentre(window, to: width)
        }
    }

    /// Whether the time axis shows the whole run (no zoom, or a zoom no finer than fitting).
    public func fits(_ fit: VirtualTime) -> Bool {
        axis == .time && (columnWidth.map { $0 >= fit } ?? true)
    }

    /// Moves the window by a quarter of its width (`direction` -1 back in time, +1 forward), never
    /// before `earliest` (the oldest time or event still kept); at the latest, it follows again.
    /// Returns false when there is nowhere to move (the whole run fits).
    public mutating func pan(_ direction: Int, from window: Window, end: VirtualTime, events: Int, fit: VirtualTime,
                             earliest: UInt64) -> Bool {
        if fits(fit) { return false }
        let step = max(1, window.width * VirtualTime(window.columns) / 4)
        let latest = axis == .steps ? UInt64(max(0, events - window.columns))
            : (end + window.width > window.span ? end + window.width - window.span : 0)
        if direction < 0 {
            start = max(earliest, window.origin > step ? window.origin - step : 0)
        } else {
            let next = window.origin + step
            start = next >= latest ? nil : next
        }
        return true
    }

    /// Switches between the time and steps axes, keeping the middle of `window` in the middle:
    /// `centre` is the event (to steps) or time (to time) there; nil when the window follows.
    public mutating func toggleAxis(from window: Window, centre: UInt64?) {
        axis = axis == .time ? .steps : .time
        guard let centre, !window.following else {
            start = nil
            return
        }
        let half = (axis == .time ? (columnWidth ?? 0) : 1) * UInt64(window.columns) / 2
        start = axis == .time && columnWidth == nil ? nil : (centre > half ? centre - half : 0)
    }

    /// Moves to the start of the run, or to `earliest` (the oldest time or event still kept);
    /// returns false when it is in view already (the whole run fits).
    public mutating func home(fit: VirtualTime, earliest: UInt64) -> Bool {
        if fits(fit) { return false }
        start = earliest
        return true
    }

    private mutating func recentre(_ window: Window, to width: VirtualTime) {
        let centre = window.origin + window.span / 2
        columnWidth = width
        if window.following {
            start = nil
        } else {
            let half = width * VirtualTime(window.columns) / 2
            start = centre > half ? centre - half : 0
        }
    }

    /// The narrowest column, to two significant digits, in which a run of `end` nanoseconds fits
    /// `columns` columns: 596.06 µs a column rounds up to 600 µs (the run fills 90% or more).
    public static func fitWidth(columns: Int, end: VirtualTime) -> VirtualTime {
        let needed = max(1, (end + VirtualTime(max(1, columns)) - 1) / VirtualTime(max(1, columns)))
        var unit: VirtualTime = 1
        while needed / unit >= 100 { unit *= 10 }
        return (needed + unit - 1) / unit * unit
    }

    /// The distance between two ticks of the axis over columns of `width`: the first round time
    /// (1, 2 or 5 times a power of ten) at least ten columns wide.
    public static func tickStep(width: VirtualTime) -> VirtualTime {
        roundWidths.first { $0 >= 10 * width } ?? 10 * width
    }

    /// 1, 2, 5, 10, 20, 50, ... nanoseconds, up to 500 s.
    static let roundWidths: [VirtualTime] = (0..<12).flatMap { power -> [VirtualTime] in
        let scale = (0..<power).reduce(VirtualTime(1)) { value, _ in value * 10 }
        return [scale, 2 * scale, 5 * scale]
    }

    static func aligned(_ value: UInt64, to unit: UInt64, up: Bool) -> UInt64 {
        let down = value / unit * unit
        return up && down < value ? down + unit : down
    }
}

/// A window the timeline draws: where it starts and what a column covers.
public struct Window: Sendable, Hashable {
    public var axis: Viewport.Axis
    /// The first time (time axis) or event number (steps axis).
    public var origin: UInt64
    /// Nanoseconds per column (1 event on the steps axis).
    public var width: UInt64
    public var columns: Int
    /// Whether it moves along with the run.
    public var following: Bool

    /// What the whole window covers.
    public var span: UInt64 { width * UInt64(columns) }
}
