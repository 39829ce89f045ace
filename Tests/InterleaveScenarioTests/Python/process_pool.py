# CPU-bound work in a multiprocessing.Pool: each worker is a process with its own GIL and its own
# copy of the module's variables, so the parent's counter stays 0.
import multiprocessing
from multiprocessing import Pool, current_process

calls = 0


def square(n):
    global calls
    calls += 1
    total = 0
    for i in range(2000):
        total += i
    return n * n


def power(base, exponent):
    return base ** exponent


if __name__ == "__main__":
    with Pool(processes=2) as pool:
        print("squares:", pool.map(square, range(8)))
        print("powers:", pool.starmap(power, [(2, 10), (3, 3), (10, 2)]))
        pending = pool.apply_async(power, (2, 16))
        print("async:", pending.get(timeout=5))
        print("apply:", pool.apply(square, (12,)))
    print("calls seen by the parent:", calls)
    print("in", current_process().name)
