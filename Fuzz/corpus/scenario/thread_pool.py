# A ThreadPoolExecutor: submit and as_completed, map in order, and a result with a timeout.
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def square(n):
    time.sleep(0.01 * (5 - n))
    return n * n


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(square, n) for n in range(5)]
    finished = []
    for future in as_completed(futures):
        finished.append(future.result())
    print("all done:", sorted(finished))
    print("in order:", list(pool.map(square, [3, 1, 2])))
    last = pool.submit(square, 4)
    print(last.result(timeout=1), last.done())
print("the pool shut down")
