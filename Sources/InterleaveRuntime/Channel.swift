import DequeModule
import Synchronization

/// A bounded FIFO channel between tasks: `send` waits while the channel is full, `receive` waits
/// while it is empty, so a fast producer can never run ahead of its consumer by more than
/// `capacity` elements.
///
/// The engine sends events through it in batches (an element per batch), because each element
/// costs about a microsecond to hand over. It is also an `AsyncSequence` that ends after
/// ``finish()`` once drained.
public final class Channel<Element: Sendable>: Sendable, AsyncSequence {
    private struct State {
        var buffer: Deque<Element> = []
        var finished = false
        var receiver: CheckedContinuation<Void, Never>?
        var senders: Deque<CheckedContinuation<Void, Never>> = []
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Appends `element`, waiting for room. Returns false if the channel was finished (the element is dropped).
    @discardableResult
    public func send(_ element: Element) async -> Bool {
        while true {
            if let sent = trySendOrFail(element) { return sent }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.finished || state.buffer.count < capacity { return true }
                    state.senders.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Appends `element` if there is room; false when full or finished.
    @discardableResult
    public func trySend(_ element: Element) -> Bool {
        trySendOrFail(element) ?? false
    }

    /// true: sent; false: finished; nil: full.
    private func trySendOrFail(_ element: Element) -> Bool? {
        let (result, wake) = state.withLock { state -> (Bool?, CheckedContinuation<Void, Never>?) in
            if state.finished { return (false, nil) }
            guard state.buffer.count < capacity else { return (nil, nil) }
            state.buffer.append(element)
            let receiver = state.receiver
            state.receiver = nil
            return (true, receiver)
        }
        wake?.resume()
        return result
    }

    /// The next element, waiting for one; nil once the channel is finished and drained.
    public func receive() async -> Element? {
        while true {
            switch tryReceiveOrEnd() {
            case .element(let element): return element
            case .end: return nil
            case .empty:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.finished || !state.buffer.isEmpty { return true }
                        state.receiver = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// The next element if one is there.
    public func tryReceive() -> Element? {
        if case .element(let element) = tryReceiveOrEnd() { return element }
        return nil
    }

    private enum Polled {
        case element(Element)
        case empty
        case end
    }

    private func tryReceiveOrEnd() -> Polled {
        let (polled, wake) = state.withLock { state -> (Polled, CheckedContinuation<Void, Never>?) in
            guard let element = state.buffer.popFirst() else { return (state.finished ? .end : .empty, nil) }
            return (.element(element), state.senders.popFirst())
        }
        wake?.resume()
        return polled
    }

    /// Closes the channel: later sends fail, and receivers get what is left, then nil.
    public func finish() {
        let (receiver, senders) = state.withLock { state in
            state.finished = true
            let receiver = state.receiver
            state.receiver = nil
            let senders = state.senders
            state.senders = []
            return (receiver, senders)
        }
        receiver?.resume()
        for sender in senders { sender.resume() }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: Channel
        public mutating func next() async -> Element? { await channel.receive() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }
}
