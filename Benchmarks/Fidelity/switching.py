# CPU-bound threads take turns holding the GIL: how long a turn lasts (the median, from one change
# of the running thread to the next) with two threads and with four, and at a 1 ms interval.
import sys
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

N = 1000000
last = -1
stamps = []


def spin(me):
    global last
    for _ in range(N):
        if last != me:
            last = me
            stamps.append(time.perf_counter())


def median_turn(count):
    global last, stamps
    last = -1
    stamps = []
    threads = [threading.Thread(target=spin, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    turns = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    return turns[len(turns) // 2]


print(f"GIL turn, two spinning threads: {median_turn(2) * 1e3:.2f} ms")
print(f"GIL turn, four spinning threads: {median_turn(4) * 1e3:.2f} ms")
sys.setswitchinterval(0.001)
print(f"GIL turn, two spinning threads, 1 ms interval: {median_turn(2) * 1e3:.2f} ms")
