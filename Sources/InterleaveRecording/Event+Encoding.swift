import InterleaveCore

/// Events in the recording format: a kind tag, the actor, the time since the previous event, then
/// the kind's fields (see docs/RECORDING.md for the table). The sequence number is implicit.
extension Event {
    func encode(into writer: inout ByteWriter, after previous: VirtualTime) {
        writer.byte(kind.tag)
        writer.signed(Int64(thread))
        writer.varint(time - previous)
        kind.encodeFields(into: &writer)
    }

    static func decode(from reader: inout ByteReader, seq: UInt64, after previous: VirtualTime) throws(RecordingError) -> Event {
        let tagOffset = reader.offset
        let tag = try reader.byte("an event's kind")
        let thread = try reader.int32("the event's thread")
        let delta = try reader.varint("the event's time")
        let (time, overflow) = previous.addingReportingOverflow(delta)
        guard !overflow else { throw .damaged(offset: reader.offset, expected: "a time that fits 64 bits") }
        let kind = try Kind.decodeFields(tag: tag, at: tagOffset, from: &reader)
        return Event(seq: seq, time: time, thread: thread, kind: kind)
    }
}

extension Event.Kind {
    var tag: UInt8 {
        switch self {
        case .threadCreated: return 0
        case .threadStarted: return 1
        case .threadFinished: return 2
        case .threadStopped: return 3
        case .dispatched: return 4
        case .preempted: return 5
        case .blocked: return 6
        case .woken: return 7
        case .choice: return 8
        case .lockAcquired: return 9
        case .lockReleased: return 10
        case .lockFailed: return 11
        case .gilAcquired: return 12
        case .gilReleased: return 13
        case .gilDropRequested: return 14
        case .joinDone: return 15
        case .eventSet: return 16
        case .eventCleared: return 17
        case .eventWaitDone: return 18
        case .conditionNotified: return 19
        case .conditionWaitDone: return 20
        case .semaphoreAcquired: return 21
        case .semaphoreReleased: return 22
        case .semaphoreFailed: return 23
        case .barrierArrived: return 24
        case .barrierPassed: return 25
        case .barrierBroken: return 26
        case .queuePut: return 27
        case .queueGot: return 28
        case .queueFailed: return 29
        case .sharedRead: return 30
        case .sharedWrite: return 31
        case .printed: return 32
        case .expectation: return 33
        case .error: return 34
        case .deadlock: return 35
        case .stepLimit: return 36
        case .finished: return 37
        case .race: return 38
        case .lostUpdate: return 39
        case .lockOrderCycle: return 40
        }
    }

    func encodeFields(into w: inout ByteWriter) {
        func int(_ value: Int32) { w.signed(Int64(value)) }
        func flag(_ value: Bool) { w.byte(value ? 1 : 0) }
        switch self {
        case .threadCreated(let child, let name, let process, let daemon):
            int(child); w.string(name); int(process); flag(daemon)
        case .threadStarted(let child): int(child)
        case .threadFinished, .threadStopped: break
        case .dispatched(let core): int(core)
        case .preempted(let core, let reason): int(core); w.byte(reason.rawValue)
        case .blocked(let target, let holder): target.encode(into: &w); int(holder)
        case .woken(let reason, let by): w.byte(reason.rawValue); int(by)
        case .choice(let kind, let options, let chosen):
            kind.encode(into: &w)
            w.varint(UInt64(options.count))
            for option in options { int(option) }
            int(chosen)
        case .lockAcquired(let lock, let count), .lockReleased(let lock, let count): int(lock); int(count)
        case .lockFailed(let lock): int(lock)
        case .gilAcquired(let process): int(process)
        case .gilReleased(let process, let reason): int(process); w.byte(reason.rawValue)
        case .gilDropRequested(let process, let holder): int(process); int(holder)
        case .joinDone(let thread, let timedOut): int(thread); flag(timedOut)
        case .eventSet(let object, let woke), .conditionNotified(let object, let woke), .barrierArrived(let object, let woke):
            int(object); int(woke)
        case .eventCleared(let object), .semaphoreFailed(let object), .barrierPassed(let object), .barrierBroken(let object):
            int(object)
        case .eventWaitDone(let object, let result), .conditionWaitDone(let object, let result): int(object); flag(result)
        case .semaphoreAcquired(let object, let value), .semaphoreReleased(let object, let value): int(object); w.signed(value)
        case .queuePut(let object, let value, let size), .queueGot(let object, let value, let size):
            int(object); w.signed(value); int(size)
        case .queueFailed(let object, let put): int(object); flag(put)
        case .sharedRead(let variable, let value): int(variable); w.signed(value)
        case .sharedWrite(let variable, let old, let new): int(variable); w.signed(old); w.signed(new)
        case .printed(let text): w.string(text)
        case .expectation(let index, let passed): int(index); flag(passed)
        case .error(let error): error.encode(into: &w)
        case .deadlock(let report):
            for edges in [report.cycle, report.blocked] {
                w.varint(UInt64(edges.count))
                for edge in edges {
                    int(edge.thread); edge.target.encode(into: &w); int(edge.holder)
                }
            }
        case .stepLimit(let steps): w.varint(steps)
        case .finished(let outcome): w.byte(outcome.rawValue)
        case .race(let race):
            int(race.variable); w.varint(race.step); flag(race.write); int(race.other); w.varint(race.otherStep)
            flag(race.otherWrite)
        case .lostUpdate(let lost):
            int(lost.variable); w.varint(lost.readStep); w.varint(lost.writeStep); int(lost.overwritten)
            w.varint(lost.overwrittenStep)
        case .lockOrderCycle(let edges):
            w.varint(UInt64(edges.count))
            for edge in edges { int(edge.held); int(edge.taken); int(edge.thread); w.varint(edge.step) }
        }
    }

    static func decodeFields(tag: UInt8, at offset: Int, from r: inout ByteReader) throws(RecordingError) -> Event.Kind {
        func int(_ what: String) throws(RecordingError) -> Int32 { try r.int32(what) }
        func flag(_ what: String) throws(RecordingError) -> Bool {
            let start = r.offset
            switch try r.byte(what) {
            case 0: return false
            case 1: return true
            default: throw .damaged(offset: start, expected: what + " (0 or 1)")
            }
        }
        func raw<T: RawRepresentable>(_ type: T.Type, _ what: String) throws(RecordingError) -> T where T.RawValue == UInt8 {
            let start = r.offset
            guard let value = T(rawValue: try r.byte(what)) else { throw .damaged(offset: start, expected: what) }
            return value
        }
        switch tag {
        case 0: return .threadCreated(child: try int("a thread"), name: try r.string("a thread's name"),
                                      process: try int("a process"), daemon: try flag("the daemon flag"))
        case 1: return .threadStarted(child: try int("a thread"))
        case 2: return .threadFinished
        case 3: return .threadStopped
        case 4: return .dispatched(core: try int("a core"))
        case 5: return .preempted(core: try int("a core"), reason: try raw(PreemptReason.self, "a preemption reason"))
        case 6: return .blocked(try WaitTarget.decode(from: &r), holder: try int("a holder"))
        case 7: return .woken(try raw(WakeReason.self, "a wake-up reason"), by: try int("a thread"))
        case 8:
            let kind = try ChoiceKind.decode(from: &r)
            let count = try r.varint("the number of options")
            guard count <= 1 << 20 else { throw r.damaged("a choice's options (at most 2^20)") }
            var options: [ThreadID] = []
            for _ in 0..<count { options.append(try int("an option")) }
            return .choice(kind, options: options, chosen: try int("the chosen option"))
        case 9: return .lockAcquired(try int("a lock"), count: try int("a count"))
        case 10: return .lockReleased(try int("a lock"), count: try int("a count"))
        case 11: return .lockFailed(try int("a lock"))
        case 12: return .gilAcquired(try int("a process"))
        case 13: return .gilReleased(try int("a process"), try raw(GILReleaseReason.self, "a GIL release reason"))
        case 14: return .gilDropRequested(try int("a process"), holder: try int("a holder"))
        case 15: return .joinDone(try int("a thread"), timedOut: try flag("the time-out flag"))
        case 16: return .eventSet(try int("an event"), woke: try int("a count"))
        case 17: return .eventCleared(try int("an event"))
        case 18: return .eventWaitDone(try int("an event"), result: try flag("a result"))
        case 19: return .conditionNotified(try int("a condition"), woke: try int("a count"))
        case 20: return .conditionWaitDone(try int("a condition"), notified: try flag("a result"))
        case 21: return .semaphoreAcquired(try int("a semaphore"), value: try r.signed("a value"))
        case 22: return .semaphoreReleased(try int("a semaphore"), value: try r.signed("a value"))
        case 23: return .semaphoreFailed(try int("a semaphore"))
        case 24: return .barrierArrived(try int("a barrier"), arrived: try int("a count"))
        case 25: return .barrierPassed(try int("a barrier"))
        case 26: return .barrierBroken(try int("a barrier"))
        case 27: return .queuePut(try int("a queue"), value: try r.signed("a value"), size: try int("a size"))
        case 28: return .queueGot(try int("a queue"), value: try r.signed("a value"), size: try int("a size"))
        case 29: return .queueFailed(try int("a queue"), put: try flag("the put flag"))
        case 30: return .sharedRead(try int("a variable"), value: try r.signed("a value"))
        case 31: return .sharedWrite(try int("a variable"), old: try r.signed("a value"), new: try r.signed("a value"))
        case 32: return .printed(try r.string("printed text"))
        case 33: return .expectation(try int("an expectation"), passed: try flag("a result"))
        case 34: return .error(try UserError.decode(from: &r))
        case 35:
            var lists: [[WaitEdge]] = []
            for _ in 0..<2 {
                let count = try r.varint("the number of waits")
                guard count <= 1 << 20 else { throw r.damaged("a deadlock's waits (at most 2^20)") }
                var edges: [WaitEdge] = []
                for _ in 0..<count {
                    edges.append(WaitEdge(thread: try int("a thread"), target: try WaitTarget.decode(from: &r),
                                          holder: try int("a holder")))
                }
                lists.append(edges)
            }
            return .deadlock(DeadlockReport(cycle: lists[0], blocked: lists[1]))
        case 36: return .stepLimit(try r.varint("a step count"))
        case 37: return .finished(try raw(Outcome.self, "an outcome"))
        case 38:
            return .race(RaceReport(variable: try int("a variable"), step: try r.varint("an event number"),
                                    write: try flag("the write flag"), other: try int("a thread"),
                                    otherStep: try r.varint("an event number"), otherWrite: try flag("the write flag")))
        case 39:
            return .lostUpdate(LostUpdateReport(variable: try int("a variable"), readStep: try r.varint("an event number"),
                                                writeStep: try r.varint("an event number"), overwritten: try int("a thread"),
                                                overwrittenStep: try r.varint("an event number")))
        case 40:
            let count = try r.varint("the number of edges")
            guard count <= 1 << 20 else { throw r.damaged("a lock-order cycle's edges (at most 2^20)") }
            var edges: [LockOrderEdge] = []
            for _ in 0..<count {
                edges.append(LockOrderEdge(held: try int("a lock"), taken: try int("a lock"), thread: try int("a thread"),
                                           step: try r.varint("an event number")))
            }
            return .lockOrderCycle(edges)
        default: throw .damaged(offset: offset, expected: "an event kind (0 to 40), found \(tag)")
        }
    }
}

extension WaitTarget {
    func encode(into w: inout ByteWriter) {
        switch self {
        case .lock(let x): w.byte(0); w.signed(Int64(x))
        case .gil(let x): w.byte(1); w.signed(Int64(x))
        case .join(let x): w.byte(2); w.signed(Int64(x))
        case .start(let x): w.byte(3); w.signed(Int64(x))
        case .event(let x): w.byte(4); w.signed(Int64(x))
        case .condition(let x): w.byte(5); w.signed(Int64(x))
        case .semaphore(let x): w.byte(6); w.signed(Int64(x))
        case .barrier(let x): w.byte(7); w.signed(Int64(x))
        case .queueGet(let x): w.byte(8); w.signed(Int64(x))
        case .queuePut(let x): w.byte(9); w.signed(Int64(x))
        case .sleep: w.byte(10)
        case .io: w.byte(11)
        }
    }

    static func decode(from r: inout ByteReader) throws(RecordingError) -> WaitTarget {
        let start = r.offset
        let tag = try r.byte("what a thread waits for")
        switch tag {
        case 0: return .lock(try r.int32("a lock"))
        case 1: return .gil(try r.int32("a process"))
        case 2: return .join(try r.int32("a thread"))
        case 3: return .start(try r.int32("a thread"))
        case 4: return .event(try r.int32("an event"))
        case 5: return .condition(try r.int32("a condition"))
        case 6: return .semaphore(try r.int32("a semaphore"))
        case 7: return .barrier(try r.int32("a barrier"))
        case 8: return .queueGet(try r.int32("a queue"))
        case 9: return .queuePut(try r.int32("a queue"))
        case 10: return .sleep
        case 11: return .io
        default: throw .damaged(offset: start, expected: "what a thread waits for (0 to 11), found \(tag)")
        }
    }
}

extension ChoiceKind {
    func encode(into w: inout ByteWriter) {
        switch self {
        case .dispatch(let core): w.byte(0); w.signed(Int64(core))
        case .order: w.byte(1)
        case .preempt(let core): w.byte(2); w.signed(Int64(core))
        case .lock(let x): w.byte(3); w.signed(Int64(x))
        case .gil(let x): w.byte(4); w.signed(Int64(x))
        case .semaphore(let x): w.byte(5); w.signed(Int64(x))
        case .queueGet(let x): w.byte(6); w.signed(Int64(x))
        case .queuePut(let x): w.byte(7); w.signed(Int64(x))
        }
    }

    static func decode(from r: inout ByteReader) throws(RecordingError) -> ChoiceKind {
        let start = r.offset
        let tag = try r.byte("a choice's kind")
        switch tag {
        case 0: return .dispatch(core: try r.int32("a core"))
        case 1: return .order
        case 2: return .preempt(core: try r.int32("a core"))
        case 3: return .lock(try r.int32("a lock"))
        case 4: return .gil(try r.int32("a process"))
        case 5: return .semaphore(try r.int32("a semaphore"))
        case 6: return .queueGet(try r.int32("a queue"))
        case 7: return .queuePut(try r.int32("a queue"))
        default: throw .damaged(offset: start, expected: "a choice's kind (0 to 7), found \(tag)")
        }
    }
}

extension UserError {
    func encode(into w: inout ByteWriter) {
        switch self {
        case .releaseUnlocked(let lock): w.byte(0); w.signed(Int64(lock))
        case .releaseNotOwner(let lock, let owner): w.byte(1); w.signed(Int64(lock)); w.signed(Int64(owner))
        case .joinSelf: w.byte(2)
        case .joinNotStarted(let t): w.byte(3); w.signed(Int64(t))
        case .invalidThreadHandle(let h): w.byte(4); w.signed(h)
        case .startedTwice(let t): w.byte(5); w.signed(Int64(t))
        case .semaphoreOverReleased(let s): w.byte(6); w.signed(Int64(s))
        case .conditionNotOwner(let c): w.byte(7); w.signed(Int64(c))
        case .divisionByZero: w.byte(8)
        case .overflow: w.byte(9)
        case .negativeValue(let v): w.byte(10); w.signed(v)
        case .recursionTooDeep(let d): w.byte(11); w.signed(Int64(d))
        case .indexOutOfRange(let index, let count): w.byte(12); w.signed(index); w.signed(count)
        case .malformedProgram(let pc): w.byte(13); w.signed(Int64(pc))
        }
    }

    static func decode(from r: inout ByteReader) throws(RecordingError) -> UserError {
        let start = r.offset
        let tag = try r.byte("an error's kind")
        switch tag {
        case 0: return .releaseUnlocked(lock: try r.int32("a lock"))
        case 1: return .releaseNotOwner(lock: try r.int32("a lock"), owner: try r.int32("a thread"))
        case 2: return .joinSelf
        case 3: return .joinNotStarted(try r.int32("a thread"))
        case 4: return .invalidThreadHandle(try r.signed("a handle"))
        case 5: return .startedTwice(try r.int32("a thread"))
        case 6: return .semaphoreOverReleased(try r.int32("a semaphore"))
        case 7: return .conditionNotOwner(try r.int32("a condition"))
        case 8: return .divisionByZero
        case 9: return .overflow
        case 10: return .negativeValue(try r.signed("a value"))
        case 11: return .recursionTooDeep(try r.int32("a depth"))
        case 12: return .indexOutOfRange(index: try r.signed("an index"), count: try r.signed("a count"))
        case 13: return .malformedProgram(pc: try r.int32("an instruction"))
        default: throw .damaged(offset: start, expected: "an error's kind (0 to 13), found \(tag)")
        }
    }
}
