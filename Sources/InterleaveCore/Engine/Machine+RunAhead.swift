/// Running a thread's private instructions ahead on its core's own clock.
extension Machine {
    /// Runs thread `t`'s next *pure* instructions (values, locals, thread-locals, arithmetic,
    /// jumps) in a tight loop, advancing only core `c`'s clock.
    ///
    /// Pure instructions touch nothing another thread can see and emit no event, so the order of
    /// visible steps, and with it the stream, only depends on when each core reaches its next
    /// visible step. The run stops before anything else: a visible step, a call or return, work,
    /// an instruction that would report an error, a GIL check point while a drop is requested,
    /// the next timer, the end of the time slice or of the caller's `untilTime`. Under
    /// `priority`, where another core's step can preempt this one at once, it also stops where
    /// another core is due.
    mutating func runAhead(_ t: Int, core c: Int) {
        let id = ThreadID(t)
        guard cores[c].thread == id, threads[t].computeEnd == 0, threads[t].pendingAcquire == nil,
              threads[t].starter < 0, !cores[c].preemptRequested, handoffs.isEmpty, outcome == nil,
              ready.isEmpty || idleCore() == nil
        else { return }
        let dropPending = config.policy.gil != .none && mustDropGIL(t)
        if dropPending && config.policy.gil == .legacy { return }

        var horizon = min(timers.min?.time ?? .max, threads[t].sliceEnd)
        if stopAfter != .max { horizon = min(horizon, stopAfter + 1) }
        if config.policy.priorityPreemption {
            for j in cores.indices where j != c && cores[j].thread >= 0 { horizon = min(horizon, cores[j].nextTime) }
        }
        let uniformCost = config.instructionCost
        let costs = program.costs
        /// What the instruction at `pc` costs (``Machine/cost(at:)``, on the locals).
        func cost(_ pc: Int32) -> VirtualTime { costs.isEmpty ? uniformCost : VirtualTime(costs[Int(pc)]) }
        let maxSteps = config.maxSteps
        let base = Int(threads[t].base)
        var clock = cores[c].nextTime
        var pc = threads[t].pc
        var executed: UInt64 = 0
        // Take the stack and thread-locals out of the thread so they stay uniquely referenced.
        var stack: [Value] = []
        var locals: [Value] = []
        swap(&stack, &threads[t].stack)
        swap(&locals, &threads[t].threadLocals)
        defer {
            swap(&stack, &threads[t].stack)
            swap(&locals, &threads[t].threadLocals)
            threads[t].pc = pc
            cores[c].nextTime = clock
            steps &+= executed
        }

        while clock < horizon && steps &+ executed < maxSteps {
            if dropPending && checksBefore(pc) { return }
            switch program.code[Int(pc)] {
            case .push(let value):
                stack.append(value)
            case .load(let slot):
                let index = base + Int(slot)
                guard slot >= 0 && index < stack.count else { return }
                stack.append(stack[index])
            case .store(let slot):
                let index = base + Int(slot)
                guard slot >= 0 && index < stack.count - 1 else { return }
                stack[index] = stack.removeLast()
            case .pop:
                guard !stack.isEmpty else { return }
                stack.removeLast()
            case .dup:
                guard let last = stack.last else { return }
                stack.append(last)
            case .binary(let op):
                guard stack.count >= 2 else { return }
                guard let (result, error) = Value.arithmetic(op, stack[stack.count - 2], stack[stack.count - 1]),
                      error == nil
                else { return }
                stack.removeLast()
                stack[stack.count - 1] = result
            case .unary(let op):
                guard let value = stack.last else { return }
                switch (op, value) {
                case (.not, .bool(let truth)): stack[stack.count - 1] = .bool(!truth)
                case (.not, .int(let n)): stack[stack.count - 1] = .bool(n == 0)
                case (.negate, .int(let n)) where n != .min: stack[stack.count - 1] = .int(-n)
                case (.negate, .float(let x)): stack[stack.count - 1] = .float(-x)
                default: return
                }
            case .loadThreadLocal(let slot):
                guard slot >= 0 && Int(slot) < locals.count else { return }
                stack.append(locals[Int(slot)])
            case .storeThreadLocal(let slot):
                guard slot >= 0 && Int(slot) < locals.count, let value = stack.popLast() else { return }
                locals[Int(slot)] = value
            case .jump(let target):
                if dropPending && target <= pc { return }
                clock &+= cost(pc)
                pc = target
                executed &+= 1
                continue
            case .jumpIfFalse(let target):
                if dropPending && target <= pc { return }
                let truth: Bool
                switch stack.last {
                case .bool(let value)?: truth = value
                case .int(let value)?: truth = value != 0
                case .none?: truth = false
                default: return
                }
                stack.removeLast()
                clock &+= cost(pc)
                pc = truth ? pc + 1 : target
                executed &+= 1
                continue
            default:
                return
            }
            clock &+= cost(pc)
            pc += 1
            executed &+= 1
        }
    }
}
