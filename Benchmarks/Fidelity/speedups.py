# What threads buy: I/O-bound work overlaps, CPU-bound work does not.
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass


def io_work():
    for _ in range(10):
        time.sleep(0.005)


def cpu_work():
    x = 0
    for _ in range(300000):
        x = x + 1


def speedup(work, count):
    start = time.perf_counter()
    for _ in range(count):
        work()
    one_by_one = time.perf_counter() - start
    threads = [threading.Thread(target=work) for _ in range(count)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return one_by_one / (time.perf_counter() - start)


print(f"I/O-bound speedup, four threads: {speedup(io_work, 4):.2f} x")
print(f"CPU-bound speedup, two threads: {speedup(cpu_work, 2):.2f} x")
