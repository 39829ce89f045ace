/// The screen as an in-memory grid of cells. Widgets draw into it; a backend shows it.
///
/// Drawing clips at the grid's edges (and at a given right edge), so a widget never writes
/// outside its area, whatever the text.
public struct Grid: Sendable, Hashable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Clears every cell.
    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    /// Writes `text` from column `x` of row `y`, stopping before column `limit` (the grid's width
    /// by default). Returns the column after the last character written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: ColorRole = .text, attributes: Cell.Attributes = [],
                             limit: Int? = nil) -> Int {
        let end = min(width, limit ?? width)
        var column = x
        guard y >= 0 && y < height else { return column }
        for character in text {
            let columns = CharacterWidth.of(character)
            if columns == 0 { continue }
            if column + columns > end { break }
            if column >= 0 {
                self[column, y] = Cell(character, role: role, attributes: attributes)
                if columns == 2 { self[column + 1, y] = Cell(Cell.continuation, role: role, attributes: attributes) }
            }
            column += columns
        }
        return column
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, with cell: Cell) {
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) { cells[row * self.width + column] = cell }
        }
    }

    /// Row `y` as plain text (wide characters once, trailing spaces kept).
    public func line(_ y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        var text = ""
        for x in 0..<width where cells[y * width + x].character != Cell.continuation {
            text.append(cells[y * width + x].character)
        }
        return text
    }

    /// Every row as text, trailing spaces trimmed: how tests compare screens.
    public var text: String {
        (0..<height).map { y in
            var line = self.line(y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
