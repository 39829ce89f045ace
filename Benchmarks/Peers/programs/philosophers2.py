# Two threads take two locks in opposite orders: some interleavings deadlock.
import threading


class TwoLocks:
    def __init__(self):
        self.a = threading.Lock()
        self.b = threading.Lock()


def t0(s):
    with s.a:
        with s.b:
            pass


def t1(s):
    with s.b:
        with s.a:
            pass


s = TwoLocks()
threads = [threading.Thread(target=t0, args=(s,)), threading.Thread(target=t1, args=(s,))]
for t in threads:
    t.start()
for t in threads:
    t.join()
