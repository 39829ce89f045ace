# Three threads, three locks in a ring: thread i takes lock i, then lock i + 1.
import threading


class ThreeLocks:
    def __init__(self):
        self.locks = [threading.Lock(), threading.Lock(), threading.Lock()]


def dine(s, i):
    with s.locks[i]:
        with s.locks[(i + 1) % 3]:
            pass


s = ThreeLocks()
threads = [threading.Thread(target=dine, args=(s, i)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
