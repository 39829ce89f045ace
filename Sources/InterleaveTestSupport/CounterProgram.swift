/// A Python program in which two threads each add 1 to a shared counter `increments` times,
/// reading it into a local and writing it back (inside `with lock:` when `locked`), and the main
/// thread asserts the total. `header` goes first (`# interleave:` settings, say).
public func counterProgram(locked: Bool, increments: Int, header: String = "") -> String {
    header + """
        import threading
        counter = 0
        lock = threading.Lock()
        def work():
            global counter
            for _ in range(\(increments)):
                \(locked ? "with lock:" : "if True:")
                    tmp = counter
                    counter = tmp + 1
        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert counter == \(2 * increments)

        """
}
