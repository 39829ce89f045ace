import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The modelled network: requests and urlopen, sockets whose peer echoes, bytes, and the
/// latency a program or the command line sets.
extension PythonLanguageTests {
    @Test func socketClientsWaitOneRoundTripToConnectAndOneForTheirEcho() throws {
        let result = try run("""
            import socket
            import threading
            import time
            # interleave: latency = 40ms

            def ping(n):
                with socket.create_connection(("echo.example.com", 7)) as s:
                    s.sendall(f"ping {n}".encode())
                    data = s.recv(1024)
                    print(n, data, data.decode(), len(data))

            start = time.perf_counter()
            threads = [threading.Thread(target=ping, args=(i,)) for i in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(f"{time.perf_counter() - start:.2f}s")
            """)
        #expect(Set(result.summary.output) == ["0 b'ping 0' ping 0 6", "1 b'ping 1' ping 1 6", "2 b'ping 2' ping 2 6", "0.08s"])
        #expect(result.summary.output.last == "0.08s")
        // The three wait at the same time, without the GIL: 80 ms in all, not 240.
        #expect(result.summary.duration >= VirtualDuration.ms(80) && result.summary.duration < VirtualDuration.ms(81))
    }

    @Test func theEchoComesBackInPiecesOfTheSizeAskedThenTheServerCloses() throws {
        let result = try run("""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.connect(("localhost", 8080))
            print(s.send(b"abc"), s.recv(2), s.recv(10), s.recv(10))
            s.sendall(b"x" + b"yz")
            print(s.recv(3) == b"xyz", bool(b""), "é".encode() + b"!")
            s.close()
            print(s)
            """)
        #expect(result.summary.output == ["3 b'ab' b'c' b''", "True False b'\\xc3\\xa9!'", "<socket.socket [closed]>"])
    }

    @Test func aSocketUsedWronglyRaisesWhatPythonRaises() throws {
        let result = try run("""
            import socket
            s = socket.socket()
            try:
                s.sendall(b"x")
            except OSError as e:
                print("OSError:", e)
            try:
                s.recv(1)
            except OSError as e:
                print("OSError:", e)
            s.connect(("localhost", 7))
            try:
                s.sendall("text")
            except TypeError as e:
                print("TypeError:", e)
            s.close()
            try:
                s.recv(1)
            except OSError as e:
                print("OSError:", e)
            """)
        #expect(result.summary.output == [
            "OSError: [Errno 32] Broken pipe", "OSError: [Errno 107] Transport endpoint is not connected",
            "TypeError: a bytes-like object is required, not 'str'", "OSError: [Errno 9] Bad file descriptor",
        ])
    }

    @Test func aHostsOwnLatencyComesBeforeTheProgramsAndTheCommandLinesOverridesTheProgramsDefault() throws {
        let program = """
            import requests
            import time
            from urllib.request import urlopen
            # interleave: latency = 40ms
            # interleave: latency slow.example.com = 300ms

            start = time.monotonic()
            r = requests.get("https://slow.example.com:8443/data?x=1")
            print(r.status_code, r.json(), f"{time.monotonic() - start:.2f}")
            start = time.monotonic()
            with urlopen("http://fast.example.com/") as page:
                print(page.status, page.url, f"{time.monotonic() - start:.2f}")
            """
        #expect(try run(program).summary.output == [
            "200 {'url': 'https://slow.example.com:8443/data?x=1'} 0.30", "200 http://fast.example.com/ 0.04",
        ])
        var overrides = ScenarioSettings()
        overrides.latency = VirtualDuration.ms(10)
        #expect(try run(program, overrides).summary.output.map { String($0.suffix(4)) } == ["0.30", "0.01"])
    }

    @Test func aLatencySettingWrittenWronglyIsReportedOnItsLine() {
        expectErrors([
            ("# interleave: latency = soon\n", "'latency' takes a duration"),
            ("# interleave: latency a b = 1ms\n", "expected 'latency = <duration>' or 'latency <host> = <duration>'"),
            ("# interleave: latencyx = 1ms\n", "expected 'latency = <duration>'"),
            ("import socket\nsocket.create_connection()\n", "needs the address"),
        ])
    }
}
