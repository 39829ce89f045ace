# Two threads take one Lock in turn as fast as they can: how many acquisitions in a row the same
# thread makes. CPython's Lock lets the releasing thread take it straight back, even when the GIL
# changes hands inside the critical section (a Python call there is a check point).
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

N = 200000
lock = threading.Lock()
last = -1
changes = 0


def note(me):
    global last, changes
    if last != me:
        last = me
        changes += 1


def plain(me):
    global last, changes
    for _ in range(N):
        with lock:
            if last != me:
                last = me
                changes += 1


def calling(me):
    for _ in range(N):
        with lock:
            note(me)


def per_change(work):
    global last, changes
    last = -1
    changes = 0
    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 2 * N / changes


print(f"contended Lock, acquisitions per change of owner: {per_change(plain):.1f}")
print(f"contended Lock with a call inside, acquisitions per change of owner: {per_change(calling):.1f}")
