/// Text with a colour role and attributes for each of its pieces: what widgets put on a line.
public struct StyledText: Sendable, Hashable, ExpressibleByStringLiteral {
    /// One piece of text in one style.
    public struct Span: Sendable, Hashable {
        public var text: String
        public var role: ColorRole
        public var attributes: Cell.Attributes

        public init(_ text: String, _ role: ColorRole = .text, _ attributes: Cell.Attributes = []) {
            self.text = text
            self.role = role
            self.attributes = attributes
        }
    }

    public var spans: [Span]

    public init(_ spans: [Span] = []) { self.spans = spans }

    /// One span of `text`.
    public init(_ text: String, _ role: ColorRole = .text, _ attributes: Cell.Attributes = []) {
        spans = [Span(text, role, attributes)]
    }

    public init(stringLiteral text: String) { self.init(text) }

    /// Appends a span.
    public mutating func append(_ text: String, _ role: ColorRole = .text, _ attributes: Cell.Attributes = []) {
        spans.append(Span(text, role, attributes))
    }

    public static func + (a: StyledText, b: StyledText) -> StyledText { StyledText(a.spans + b.spans) }

    /// The text without its styles.
    public var plain: String { spans.map(\.text).joined() }
}

extension Grid {
    /// Writes `text` span by span from column `x` of row `y`, stopping before column `limit`;
    /// returns the column after the last character written.
    @discardableResult
    public mutating func put(_ text: StyledText, x: Int, y: Int, limit: Int? = nil) -> Int {
        var column = x
        for span in text.spans { column = put(span.text, x: column, y: y, role: span.role, attributes: span.attributes, limit: limit) }
        return column
    }
}

/// Something that draws itself into a rectangle of the grid it is given, and nowhere else.
public protocol Widget {
    func draw(into grid: inout Grid, in area: Rect)
}
