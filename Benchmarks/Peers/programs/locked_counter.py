# The lost update with each increment under a lock: no interleaving loses one.
import threading


class LockedCounter:
    def __init__(self):
        self.counter = 0
        self.lock = threading.Lock()


def worker(s):
    for _ in range(3):
        with s.lock:
            tmp = s.counter
            s.counter = tmp + 1


s = LockedCounter()
threads = [threading.Thread(target=worker, args=(s,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert s.counter == 6
