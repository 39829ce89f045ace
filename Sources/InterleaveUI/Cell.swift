/// One character cell of the screen: what is drawn there, with which colour role and attributes.
public struct Cell: Sendable, Hashable {
    /// The character shown. A wide character's second cell holds ``Cell/continuation``.
    public var character: Character
    public var role: ColorRole
    public var attributes: Attributes

    public init(_ character: Character = " ", role: ColorRole = .text, attributes: Attributes = []) {
        self.character = character
        self.role = role
        self.attributes = attributes
    }

    /// A blank cell.
    public static let blank = Cell()

    /// Marks the cell covered by the right half of a wide character.
    public static let continuation: Character = "\u{0}"

    /// Text attributes, independent of colour.
    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1)
        public static let reverse = Attributes(rawValue: 2)
        public static let underline = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
    }
}
