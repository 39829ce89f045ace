/// The modelled network: `requests.get` and `urlopen`, and sockets whose peer echoes what it
/// is sent. A call that waits for the network blocks on ``WaitTarget/io`` without the GIL, for
/// the round trip to its host.
extension Machine {
    /// The round trip to `host`: the program's own figure for it, or the configuration's.
    func latency(to host: String) -> VirtualTime {
        program.hostLatencies.first { $0.host == host }?.latency ?? config.latency
    }

    /// The host of a URL (`https://example.com:8080/a?b` → `example.com`).
    static func host(ofURL url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.firstIndex(of: "@"), !rest[..<at].contains("/") { rest = rest[rest.index(after: at)...] }
        return String(rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" })
    }

    /// `requests.get(url)`: pops the URL, pushes a response and waits one round trip for it.
    mutating func request(thread t: Int, core c: Int, pc: Int32) {
        let p = Int(threads[t].process)
        let url = str(pop(t), in: p)
        threads[t].stack.append(allocate(.response(status: 200, body: "<html>\(url)</html>", url: url), in: p))
        threads[t].pc = pc + 1
        waitForNetwork(t, core: c, for: latency(to: Machine.host(ofURL: url)))
    }

    /// Blocks thread `t` on I/O for `duration` (nothing at all for no time).
    private mutating func waitForNetwork(_ t: Int, core c: Int, for duration: VirtualTime) {
        guard duration > 0 else { return }
        guard let end = later(duration) else { return pastClockLimit(t, core: c, duration: Int64(clamping: duration)) }
        block(t, core: c, on: .io, holder: -1, deadline: end)
    }

    /// A method of a socket (`handle` on the heap): pushes its result, and waits where the
    /// network keeps it waiting. Returns false when the method or its arguments don't fit (the
    /// caller raises the error).
    mutating func socketMethod(_ method: Method, _ socket: NetworkSocket, handle: Int32, _ arguments: [Value],
                               thread t: Int, core c: Int, pc: Int32) -> Bool {
        let p = Int(threads[t].process)
        var socket = socket
        func done(_ result: Value, wait: VirtualTime = 0) {
            processes[p].heap[Int(handle)] = .socket(socket)
            threads[t].stack.append(result)
            threads[t].pc = pc + 1
            waitForNetwork(t, core: c, for: wait)
        }
        if socket.closed && method != .close && method != .exit {
            raise("OSError", "[Errno 9] Bad file descriptor", in: t)
            return true
        }
        switch (method, arguments.count) {
        case (.connect, 1):
            guard case .tuple(let address)? = object(arguments[0], in: p), address.count == 2,
                  case .text(let host)? = object(address[0], in: p), address[1].integer != nil else {
                raise("TypeError", "connect() takes an address (host, port)", in: t)
                return true
            }
            guard socket.host == nil else {
                raise("OSError", "[Errno 106] Transport endpoint is already connected", in: t)
                return true
            }
            socket.host = host
            socket.latency = latency(to: host)
            // The handshake takes one round trip.
            done(.none, wait: socket.latency)
        case (.send, 1), (.sendall, 1):
            guard case .bytes(let data)? = object(arguments[0], in: p) else {
                raise("TypeError", "a bytes-like object is required, not '\(typeName(arguments[0], in: p))'", in: t)
                return true
            }
            guard socket.host != nil else {
                raise("OSError", "[Errno 32] Broken pipe", in: t)
                return true
            }
            socket.echo += data
            socket.arrival = (later(socket.latency) ?? Machine.clockLimit)
            done(method == .send ? .int(Int64(data.utf8.count)) : .none)
        case (.recv, 1):
            guard let size = arguments[0].integer, size >= 0 else {
                raise("TypeError", "recv() takes the most bytes to receive, a whole number", in: t)
                return true
            }
            guard socket.host != nil else {
                raise("OSError", "[Errno 107] Transport endpoint is not connected", in: t)
                return true
            }
            // The echo's bytes up to `size` (whole characters), once they have arrived.
            var taken = "", count = 0
            for character in socket.echo {
                let length = String(character).utf8.count
                guard count + length <= size else { break }
                taken.append(character)
                count += length
            }
            socket.echo.removeFirst(taken.count)
            let wait = socket.arrival > now ? socket.arrival - now : 0
            done(allocate(.bytes(taken), in: p), wait: taken.isEmpty ? 0 : wait)
        case (.settimeout, 1):
            done(.none)
        case (.close, 0), (.exit, 0):
            socket.closed = true
            done(.none)
        case (.enter, 0):
            done(.ref(handle))
        default:
            return false
        }
        return true
    }
}
