import InterleaveCore

/// A program with one object of every kind the vocabulary declares, for tests that put every
/// kind of event (``Event/Kind/examples``, which name object 0) through a consumer.
public enum ExampleProgram {
    /// The program: a function `fetch`, a shared variable, a lock, one library object of every
    /// kind (an example spec of each), a pool and an expectation.
    public static var everyObject: Program {
        Program(name: "x", code: [], functions: [FunctionDecl(name: "fetch", entry: 0, arity: 0, localCount: 0)], main: 0,
                shared: [SharedDecl(name: "counter")], locks: [LockDecl(name: "a")], objects: oneLibraryObjectOfEachKind,
                pools: [PoolDecl(name: "pool", maxWorkers: 1, worker: 0)], expectations: [ExpectationDecl(text: "counter == 1")])
    }

    /// One library object of every kind, whatever kinds the vocabulary declares.
    static var oneLibraryObjectOfEachKind: [ObjectDecl] {
        var seen = Set<ObjectKind>()
        return ObjectSpec.examples.filter { ![.lock, .variable].contains($0.kind) && seen.insert($0.kind).inserted }
            .map { ObjectDecl(name: $0.kind.word, $0) }
    }
}
