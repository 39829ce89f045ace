import InterleaveCore

/// The summary as one JSON object (the schema is documented in README's "JSON summary").
extension Summary {
    public func json(scenario: String, config: MachineConfig) -> JSON {
        let program = names.program
        let threadsJSON: [JSON] = threads.map { figures in
            let blocked = WaitCategory.allCases.filter { ![.gil, .sleep, .io].contains($0) }
                .reduce(VirtualTime(0)) { $0 + figures.waited($1) }
            return .object([
                ("name", .string(figures.name)),
                ("process", .int(Int64(figures.process))),
                ("daemon", .bool(figures.daemon)),
                ("running_ns", .uint(figures.running)),
                ("ready_ns", .uint(figures.ready)),
                ("gil_wait_ns", .uint(figures.waited(.gil))),
                ("blocked_ns", .uint(blocked)),
                ("sleeping_ns", .uint(figures.waited(.sleep) + figures.waited(.io))),
                ("finished", .bool(figures.finishedAt != nil && !figures.stopped)),
                ("finished_at_ns", figures.finishedAt.map { .uint($0) } ?? .null),
            ])
        }
        let locksJSON: [JSON] = locks.map {
            .object([
                ("name", .string($0.name)),
                ("acquisitions", .int(Int64($0.acquisitions))),
                ("contended", .int(Int64($0.contended))),
                ("wait_ns", .uint($0.totalWait)),
                ("longest_wait_ns", .uint($0.longestWait)),
            ])
        }
        let sharedJSON: [(String, JSON)] = zip(program.shared, shared.first ?? []).map { ($0.name, JSON($1)) }
        let expectationsJSON: [JSON] = zip(program.expectations, expectations).map { decl, figures in
            .object([
                ("text", .string(decl.text)),
                ("line", .int(Int64(decl.line))),
                ("passed", .bool(figures.failed == 0 && figures.passed > 0)),
                ("times_passed", .int(Int64(figures.passed))),
                ("times_failed", .int(Int64(figures.failed))),
            ])
        }
        let errorsJSON: [JSON] = errors.map {
            .object([
                ("time_ns", .uint($0.time)),
                ("thread", .string(names.thread($0.thread))),
                ("message", .string(names.describe($0.error))),
            ])
        }
        var deadlockJSON = JSON.null
        if let deadlock {
            let edges: [JSON] = (deadlock.cycle.isEmpty ? deadlock.blocked : deadlock.cycle).map { edge in
                .object([
                    ("thread", .string(names.thread(edge.thread))),
                    ("waits_for", .string(names.describe(edge.target))),
                    ("held_by", edge.holder >= 0 ? .string(names.thread(edge.holder)) : .null),
                ])
            }
            deadlockJSON = .object([
                ("description", .string(deadlock.cycle.isEmpty ? "no thread can run and nothing can wake one"
                                                                : names.describe(cycle: deadlock.cycle))),
                ("cycle", .array(deadlock.cycle.isEmpty ? [] : edges)),
                ("blocked", .array(deadlock.blocked.map { .string(names.thread($0.thread)) })),
            ])
        }
        let racesJSON: [JSON] = races.map { race in
            let r = race.report
            return .object([
                ("variable", .string(names.variable(r.variable))),
                ("time_ns", .uint(race.time)),
                ("thread", .string(names.thread(race.thread))), ("step", .uint(r.step)), ("write", .bool(r.write)),
                ("other_thread", .string(names.thread(r.other))), ("other_step", .uint(r.otherStep)),
                ("other_write", .bool(r.otherWrite)),
            ])
        }
        let lostJSON: [JSON] = lostUpdates.map { lost in
            let first = lost.first.report
            return .object([
                ("variable", .string(names.variable(lost.variable))),
                ("process", .int(Int64(lost.process))),
                ("count", .int(Int64(lost.count))),
                ("first", .object([
                    ("time_ns", .uint(lost.first.time)), ("thread", .string(names.thread(lost.first.thread))),
                    ("read_step", .uint(first.readStep)), ("write_step", .uint(first.writeStep)),
                    ("overwritten_thread", .string(names.thread(first.overwritten))),
                    ("overwritten_step", .uint(first.overwrittenStep)),
                ])),
            ])
        }
        let cyclesJSON: [JSON] = lockOrderCycles.map { cycle in
            .object([
                ("description", .string(names.describe(lockOrder: cycle.report))),
                ("time_ns", .uint(cycle.time)),
                ("edges", .array(cycle.report.map { edge in
                    .object([("held", .string(names.lock(edge.held))), ("taken", .string(names.lock(edge.taken))),
                             ("thread", .string(names.thread(edge.thread))), ("step", .uint(edge.step))])
                })),
            ])
        }
        let outcomeText: String
        switch outcome {
        case .completed?: outcomeText = "completed"
        case .deadlock?: outcomeText = "deadlock"
        case .stepLimit?: outcomeText = "step_limit"
        case nil: outcomeText = "running"
        }
        return .object([
            ("scenario", .string(scenario)),
            // A real process's run has no policy, seed or cores of Interleave's: its own scheduling ran it.
            ("policy", program.realTime ? .string("real") : .string(config.policy.name)),
            ("seed", program.realTime ? .null : .uint(config.seed)),
            ("cores", program.observed == nil ? .int(Int64(config.cores)) : .null),
            ("observed", program.observed.map { .string($0) } ?? .null),
            ("controlled", .bool(program.controlled)),
            ("outcome", .string(outcomeText)),
            ("succeeded", .bool(succeeded)),
            ("virtual_time_ns", .uint(duration)),
            ("events", .uint(eventCount)),
            ("choices", .int(Int64(choiceCount))),
            ("uncontrolled", .array(uncontrolled.map { .string($0) })),
            ("threads", .array(threadsJSON)),
            ("locks", .array(locksJSON)),
            ("shared", .object(sharedJSON)),
            ("expectations", .array(expectationsJSON)),
            ("errors", .array(errorsJSON)),
            ("deadlock", deadlockJSON),
            ("races", .array(racesJSON)),
            ("lost_updates", .array(lostJSON)),
            ("lock_order_cycles", .array(cyclesJSON)),
            ("output", .array(output.map { .string($0) })),
        ])
    }
}

extension JSON {
    /// An event's value: a number, a truth value, null for None, anything else as the text Python shows.
    init(_ value: EventValue) {
        switch value {
        case .int(let n): self = .int(n)
        case .float(let bits): self = .float(Double(bitPattern: bits))
        case .bool(let b): self = .bool(b)
        case .none: self = .null
        case .shown(let text): self = .string(text)
        }
    }
}
