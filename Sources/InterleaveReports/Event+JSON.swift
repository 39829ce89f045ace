import InterleaveCore

/// One event as a JSON object, for `export --format jsonl` (README documents the schema):
/// `seq`, `time_ns`, `thread` (its number, -1 for the scheduler), `thread_name`, `kind`, the
/// kind's fields by name (threads and objects by number, with names where they help), and
/// `text`, the event in words.
extension Event {
    public func json(names: EventNames) -> JSON {
        var members: [(String, JSON)] = [
            ("seq", .uint(seq)), ("time_ns", .uint(time)), ("thread", .int(Int64(thread))),
            ("thread_name", thread >= 0 ? .string(names.thread(thread)) : .null), ("kind", .string(kind.name)),
        ]
        members += kind.jsonFields(names: names)
        members.append(("text", .string(names.describe(kind))))
        return .object(members)
    }
}

extension Event.Kind {
    /// The kind's name, as in the `Event.Kind` enum.
    public var name: String {
        switch self {
        case .threadCreated: return "threadCreated"
        case .threadStarted: return "threadStarted"
        case .threadFinished: return "threadFinished"
        case .threadStopped: return "threadStopped"
        case .dispatched: return "dispatched"
        case .preempted: return "preempted"
        case .blocked: return "blocked"
        case .woken: return "woken"
        case .choice: return "choice"
        case .lockAcquired: return "lockAcquired"
        case .lockReleased: return "lockReleased"
        case .lockFailed: return "lockFailed"
        case .gilAcquired: return "gilAcquired"
        case .gilReleased: return "gilReleased"
        case .gilDropRequested: return "gilDropRequested"
        case .joinDone: return "joinDone"
        case .eventSet: return "eventSet"
        case .eventCleared: return "eventCleared"
        case .eventWaitDone: return "eventWaitDone"
        case .conditionNotified: return "conditionNotified"
        case .conditionWaitDone: return "conditionWaitDone"
        case .semaphoreAcquired: return "semaphoreAcquired"
        case .semaphoreReleased: return "semaphoreReleased"
        case .semaphoreFailed: return "semaphoreFailed"
        case .barrierArrived: return "barrierArrived"
        case .barrierPassed: return "barrierPassed"
        case .barrierBroken: return "barrierBroken"
        case .queuePut: return "queuePut"
        case .queueGot: return "queueGot"
        case .queueFailed: return "queueFailed"
        case .sharedRead: return "sharedRead"
        case .sharedWrite: return "sharedWrite"
        case .printed: return "printed"
        case .expectation: return "expectation"
        case .error: return "error"
        case .race: return "race"
        case .lostUpdate: return "lostUpdate"
        case .lockOrderCycle: return "lockOrderCycle"
        case .deadlock: return "deadlock"
        case .stepLimit: return "stepLimit"
        case .finished: return "finished"
        }
    }

    func jsonFields(names: EventNames) -> [(String, JSON)] {
        func int(_ value: Int32) -> JSON { .int(Int64(value)) }
        func lock(_ index: ObjectIndex) -> [(String, JSON)] { [("lock", int(index)), ("lock_name", .string(names.lock(index)))] }
        func object(_ key: String, _ index: ObjectIndex, _ name: String) -> [(String, JSON)] {
            [(key, int(index)), (key + "_name", .string(name))]
        }
        switch self {
        case .threadCreated(let child, let name, let process, let daemon):
            return [("child", int(child)), ("name", .string(name)), ("process", int(process)), ("daemon", .bool(daemon))]
        case .threadStarted(let child): return [("child", int(child))]
        case .threadFinished, .threadStopped: return []
        case .dispatched(let core): return [("core", int(core))]
        case .preempted(let core, let reason): return [("core", int(core)), ("reason", .string("\(reason)"))]
        case .blocked(let target, let holder):
            return [("waits_for", .string(names.describe(target))), ("holder", int(holder))]
        case .woken(let reason, let by): return [("reason", .string("\(reason)")), ("by", int(by))]
        case .choice(let kind, let options, let chosen):
            return [("choice", .string(names.describe(kind))), ("options", .array(options.map(int))), ("chosen", int(chosen))]
        case .lockAcquired(let index, let count), .lockReleased(let index, let count): return lock(index) + [("count", int(count))]
        case .lockFailed(let index): return lock(index)
        case .gilAcquired(let process): return [("process", int(process))]
        case .gilReleased(let process, let reason): return [("process", int(process)), ("reason", .string("\(reason)"))]
        case .gilDropRequested(let process, let holder): return [("process", int(process)), ("holder", int(holder))]
        case .joinDone(let thread, let timedOut): return [("joined", int(thread)), ("timed_out", .bool(timedOut))]
        case .eventSet(let index, let woke): return object("event", index, names.event(index)) + [("woke", int(woke))]
        case .eventCleared(let index): return object("event", index, names.event(index))
        case .eventWaitDone(let index, let result): return object("event", index, names.event(index)) + [("result", .bool(result))]
        case .conditionNotified(let index, let woke):
            return object("condition", index, names.condition(index)) + [("woke", int(woke))]
        case .conditionWaitDone(let index, let notified):
            return object("condition", index, names.condition(index)) + [("notified", .bool(notified))]
        case .semaphoreAcquired(let index, let value), .semaphoreReleased(let index, let value):
            return object("semaphore", index, names.semaphore(index)) + [("value", .int(value))]
        case .semaphoreFailed(let index): return object("semaphore", index, names.semaphore(index))
        case .barrierArrived(let index, let arrived):
            return object("barrier", index, names.barrier(index)) + [("arrived", int(arrived))]
        case .barrierPassed(let index), .barrierBroken(let index): return object("barrier", index, names.barrier(index))
        case .queuePut(let index, let value, let size), .queueGot(let index, let value, let size):
            return object("queue", index, names.queue(index)) + [("value", .int(value)), ("size", int(size))]
        case .queueFailed(let index, let put): return object("queue", index, names.queue(index)) + [("put", .bool(put))]
        case .sharedRead(let variable, let value):
            return [("variable", int(variable)), ("variable_name", .string(names.shared(variable))), ("value", .int(value))]
        case .sharedWrite(let variable, let old, let new):
            return [("variable", int(variable)), ("variable_name", .string(names.shared(variable))), ("old", .int(old)),
                    ("new", .int(new))]
        case .printed(let text): return [("output", .string(text))]
        case .expectation(let index, let passed): return [("expectation", int(index)), ("passed", .bool(passed))]
        case .error(let error): return [("error", .string(names.describe(error)))]
        case .race(let race):
            return [("variable", int(race.variable)), ("variable_name", .string(names.shared(race.variable))),
                    ("step", .uint(race.step)), ("write", .bool(race.write)), ("other", int(race.other)),
                    ("other_step", .uint(race.otherStep)), ("other_write", .bool(race.otherWrite))]
        case .lostUpdate(let lost):
            return [("variable", int(lost.variable)), ("variable_name", .string(names.shared(lost.variable))),
                    ("read_step", .uint(lost.readStep)), ("write_step", .uint(lost.writeStep)),
                    ("overwritten", int(lost.overwritten)), ("overwritten_step", .uint(lost.overwrittenStep))]
        case .lockOrderCycle(let edges):
            return [("cycle", .string(names.describe(lockOrder: edges))),
                    ("edges", .array(edges.map { edge in
                        .object([("held", int(edge.held)), ("taken", int(edge.taken)), ("thread", int(edge.thread)),
                                 ("step", .uint(edge.step))])
                    }))]
        case .deadlock(let report):
            return [("cycle", .string(names.describe(cycle: report.cycle))), ("blocked", .array(report.blocked.map { int($0.thread) }))]
        case .stepLimit(let steps): return [("steps", .uint(steps))]
        case .finished(let outcome): return [("outcome", .string("\(outcome)"))]
        }
    }
}
