import InterleaveRuntime
import Testing

@Suite struct ChannelTests {
    @Test func deliversInOrderAndEndsAfterFinish() async {
        let channel = Channel<Int>(capacity: 4)
        let producer = Task {
            for i in 0..<100 { await channel.send(i) }
            channel.finish()
        }
        var received: [Int] = []
        for await value in channel { received.append(value) }
        await producer.value
        #expect(received == Array(0..<100))
    }

    @Test func aFullChannelRefusesTrySendAndHoldsSendBack() async {
        let channel = Channel<Int>(capacity: 2)
        #expect(channel.trySend(1))
        #expect(channel.trySend(2))
        #expect(!channel.trySend(3))
        let blocked = Task { await channel.send(3) }
        // The sender cannot finish until something is taken out.
        #expect(channel.tryReceive() == 1)
        #expect(await blocked.value)
        #expect(channel.tryReceive() == 2)
        #expect(channel.tryReceive() == 3)
        #expect(channel.tryReceive() == nil)
    }

    @Test func sendingAfterFinishFails() async {
        let channel = Channel<Int>(capacity: 2)
        channel.trySend(7)
        channel.finish()
        #expect(!(await channel.send(8)))
        #expect(await channel.receive() == 7)
        #expect(await channel.receive() == nil)
    }
}
