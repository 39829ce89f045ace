/// The scenarios shipped with Interleave (Assets/scenarios), built into the binary.
public enum Catalogue {
    /// One shipped scenario.
    public struct Entry: Sendable {
        public let name: String
        public let text: String
        /// What it teaches, from its opening comment.
        public var summary: String { Scenario.summary(of: source) }
        public var source: SourceFile { SourceFile(name: name + ".ilv", text: text) }

        /// Compiles it.
        public func compile() -> Result<Scenario, CompileFailure> {
            Scenario.compile(source, name: name)
        }
    }

    /// Every shipped scenario, by name.
    public static let entries: [Entry] = catalogueSources.map { Entry(name: $0.name, text: $0.text) }

    /// The scenario called `name` (with or without `.ilv`), or nil.
    public static func entry(named name: String) -> Entry? {
        let bare = name.hasSuffix(".ilv") ? String(name.dropLast(4)) : name
        return entries.first { $0.name == bare }
    }

    /// The scenario `interleave` opens when given none.
    public static let defaultName = "workers"
}
