/// The program's objects by kind: how many there are, and their names.
extension Program {
    /// How many objects of `kind` the program declares.
    public func count(of kind: ObjectKind) -> Int {
        switch kind {
        case .lock: return locks.count
        case .variable: return shared.count
        case .expectation: return expectations.count
        case .pool: return pools.count
        case .function: return functions.count
        // Futures are made as the run goes.
        case .future: return 0
        default: return declared(kind).count
        }
    }

    /// The name of object `index` of `kind` (an expectation's text), or nil when there is none.
    public func name(of kind: ObjectKind, _ index: Int32) -> String? {
        guard index >= 0 && Int(index) < count(of: kind) else { return nil }
        let i = Int(index)
        switch kind {
        case .lock: return locks[i].name
        case .variable: return shared[i].name
        case .expectation: return expectations[i].text
        case .pool: return pools[i].name
        case .function: return functions[i].name
        case .future: return nil
        default: return declared(kind)[i].name
        }
    }
}
