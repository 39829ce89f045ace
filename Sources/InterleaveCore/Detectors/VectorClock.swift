/// Vector clocks (Lamport 1978, Mattern 1989), kept as the rows of one matrix: for each clock
/// (a thread's, or a synchronization object's), how many of each thread's synchronization steps
/// are known to have happened before it. One flat array, so joining two clocks is a loop over
/// memory with no reference counting; the width doubles when a thread beyond it appears.
struct VectorClocks: Sendable, Hashable {
    /// Row after row, `width` entries each.
    private var entries: [UInt32] = []
    private(set) var width = 4
    private(set) var rows = 0

    /// A new row of zeros; returns its number.
    mutating func addRow() -> Int {
        entries.append(contentsOf: repeatElement(0, count: width))
        rows += 1
        return rows - 1
    }

    /// Makes room for thread `t`'s entry in every row.
    mutating func fit(thread t: Int) {
        guard t >= width else { return }
        var newWidth = width
        while newWidth <= t { newWidth *= 2 }
        var wider = [UInt32](repeating: 0, count: rows * newWidth)
        for row in 0..<rows {
            for column in 0..<width { wider[row * newWidth + column] = entries[row * width + column] }
        }
        entries = wider
        width = newWidth
    }

    /// Row `row`'s entry for thread `t` (0 for threads beyond the width).
    @inline(__always)
    subscript(row: Int, t: Int) -> UInt32 {
        get { t < width ? entries[row * width + t] : 0 }
        set { entries[row * width + t] = newValue }
    }

    /// Row `target` takes the entry-wise maximum with row `source`: everything `source` knows
    /// happened before now does.
    mutating func join(_ target: Int, from source: Int) {
        let width = width
        entries.withUnsafeMutableBufferPointer { all in
            let to = target * width, from = source * width
            for i in 0..<width where all[from + i] > all[to + i] { all[to + i] = all[from + i] }
        }
    }

    /// Row `target` becomes a copy of row `source`.
    mutating func copy(_ target: Int, from source: Int) {
        let width = width
        entries.withUnsafeMutableBufferPointer { all in
            let to = target * width, from = source * width
            for i in 0..<width { all[to + i] = all[from + i] }
        }
    }
}
