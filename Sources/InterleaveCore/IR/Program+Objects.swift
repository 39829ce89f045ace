/// The program's objects by kind: how many there are, and their names.
extension Program {
    /// How many objects of `kind` the program declares.
    public func count(of kind: ObjectKind) -> Int {
        switch kind {
        case .lock: return locks.count
        case .flag: return flags.count
        case .condition: return conditions.count
        case .semaphore: return semaphores.count
        case .barrier: return barriers.count
        case .queue: return queues.count
        case .variable: return shared.count
        case .expectation: return expectations.count
        case .pool: return pools.count
        case .function: return functions.count
        // Futures are made as the run goes.
        case .future: return 0
        }
    }

    /// The name of object `index` of `kind` (an expectation's text), or nil when there is none.
    public func name(of kind: ObjectKind, _ index: Int32) -> String? {
        guard index >= 0 && Int(index) < count(of: kind) else { return nil }
        let i = Int(index)
        switch kind {
        case .lock: return locks[i].name
        case .flag: return flags[i].name
        case .condition: return conditions[i].name
        case .semaphore: return semaphores[i].name
        case .barrier: return barriers[i].name
        case .queue: return queues[i].name
        case .variable: return shared[i].name
        case .expectation: return expectations[i].text
        case .pool: return pools[i].name
        case .function: return functions[i].name
        case .future: return nil
        }
    }
}

extension Program {
    /// What makes each library object the program declares, kind by kind in declaration order
    /// (the machine's ``LibraryStates`` start from them).
    var librarySpecs: [ObjectSpec] {
        flags.map { _ in ObjectSpec.flag }
            + conditions.map { .condition(lock: $0.lock) }
            + semaphores.map { .semaphore(initial: $0.initial, bounded: $0.bounded) }
            + barriers.map { .barrier(parties: $0.parties) }
            + queues.map { .queue(maxSize: $0.maxSize, order: $0.order) }
    }
}
