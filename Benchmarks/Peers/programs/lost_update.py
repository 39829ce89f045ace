# Two threads each read a shared counter and write it back one higher, three times, without a
# lock: some interleavings lose updates (the twin of frontrun_dpor.py's lost_update).
import threading


class Counter:
    def __init__(self):
        self.counter = 0


def worker(s):
    for _ in range(3):
        tmp = s.counter
        s.counter = tmp + 1


s = Counter()
threads = [threading.Thread(target=worker, args=(s,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert s.counter == 6
