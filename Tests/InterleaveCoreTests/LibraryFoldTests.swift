import InterleaveCore
import InterleaveTestSupport
import Testing

/// The folds (the world, the summary, the detectors) take every kind of event, and handle the
/// library objects' operations together, by what the vocabulary declares of them.
@Suite struct LibraryFoldTests {
    static let program = ExampleProgram.everyObject

    @Test(arguments: Event.Kind.examples)
    func everyKindGoesThroughEveryFold(_ kind: Event.Kind) {
        let created = Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "MainThread", process: 0, daemon: false))
        var events = [created, Event(seq: 1, time: 10, thread: 0, kind: kind)]
        var world = World(program: Self.program)
        var summary = Summary(program: Self.program)
        var detectors = Detectors(program: Self.program)
        for event in events {
            world.apply(event)
            _ = summary.consume(event)
        }
        detectors.process(&events)
        #expect(world.eventCount == 2)
        // What a library operation leaves its object in, the world keeps.
        if let shown = kind.shows, case .object(let objectKind, let index, _) = kind.touches {
            #expect(kind.isLibraryOperation)
            #expect(world.state(of: objectKind, index) == shown, "\(kind.name)")
        }
    }

    @Test func theWorldKeepsEachObjectsStateAsTheRunLeavesIt() {
        let b = ProgramBuilder(name: "states")
        let semaphore = b.semaphore("s", 3)
        let queue = b.queue("q")
        let flag = b.flag("go")
        let barrier = b.barrier("b", parties: 3)
        let worker = b.function("worker", parameters: 0) { f in
            f.acquire(semaphore)
            f.put(queue, 7)
            f.wait(barrier)
        }
        b.main { f in
            let handles = (0..<2).map { _ in f.start(worker, []) }
            f.set(flag)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            for handle in handles { f.join(handle, timeout: .constant(Int64(VirtualDuration.ms(1)))) }
        }
        let result = simulate(b.build(), MachineConfig(policy: .rr))
        var world = World(program: result.machine.program)
        #expect(world.state(of: .semaphore, semaphore.index) == 3)
        for event in result.events { world.apply(event) }
        // Two workers took one each, put an item each, and wait at a barrier of three.
        #expect(world.state(of: .semaphore, semaphore.index) == 1)
        #expect(world.state(of: .queue, queue.index) == 2)
        #expect(world.state(of: .flag, flag.index) == 1)
        #expect(world.state(of: .barrier, barrier.index) == 2)
        #expect(world.state(of: .barrier, 7) == nil)
    }
}
