# Starting a process costs far more than a thread; CPU-bound work in two processes runs in
# parallel (each has its own GIL).
import multiprocessing
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass


def nothing():
    pass


def cpu_work():
    x = 0
    for _ in range(1000000):
        x = x + 1


if __name__ == "__main__":
    start = time.perf_counter()
    for _ in range(20):
        p = multiprocessing.Process(target=nothing)
        p.start()
        p.join()
    print(f"process start and join: {(time.perf_counter() - start) * 1e3 / 20:.2f} ms")
    start = time.perf_counter()
    cpu_work()
    cpu_work()
    one_by_one = time.perf_counter() - start
    start = time.perf_counter()
    procs = [multiprocessing.Process(target=cpu_work) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(f"CPU-bound speedup, two processes: {one_by_one / (time.perf_counter() - start):.2f} x")
