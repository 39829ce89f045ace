# The peers' lost_update as a plain program: two threads each add 1 twice to an object's counter, no lock.
import threading


class Counter:
    def __init__(self):
        self.counter = 0

    def incr(self):
        for _ in range(2):
            self.counter += 1


s = Counter()
threads = [threading.Thread(target=s.incr) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert s.counter == 4, f"counter is {s.counter}, not 4"
