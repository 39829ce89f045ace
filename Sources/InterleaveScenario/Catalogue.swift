/// The scenarios shipped with Interleave (Assets/scenarios), built into the binary.
public enum Catalogue {
    /// One shipped scenario.
    public struct Entry: Sendable {
        /// Its name in the catalogue: the file's without `.py` or `.ilv`.
        public let name: String
        /// Its file's name: a Python program (`workers.py`) or a scenario (`convoy.ilv`).
        public let fileName: String
        public let text: String
        /// What it teaches, from its opening comment.
        public var summary: String { Scenario.summary(of: source) }
        public var source: SourceFile { SourceFile(name: fileName, text: text) }

        /// Compiles it.
        public func compile() -> Result<Scenario, CompileFailure> {
            Scenario.compile(source, name: Scenario.name(ofFile: fileName))
        }
    }

    /// Every shipped scenario, by name.
    public static let entries: [Entry] = catalogueSources.map {
        Entry(name: String($0.file.prefix { $0 != "." }), fileName: $0.file, text: $0.text)
    }

    /// The scenario called `name` (with or without `.py` or `.ilv`), or nil.
    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name || $0.fileName == name }
    }

    /// The scenario `interleave` opens when given none.
    public static let defaultName = "workers"
}
