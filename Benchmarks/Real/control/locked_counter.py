# lost_update made correct (the throughput run's program): the increments under a lock.
import threading


class Counter:
    def __init__(self):
        self.counter = 0
        self.lock = threading.Lock()

    def incr(self):
        for _ in range(2):
            with self.lock:
                self.counter += 1


s = Counter()
threads = [threading.Thread(target=s.incr) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert s.counter == 4, f"counter is {s.counter}, not 4"
