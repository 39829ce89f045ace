# An exception raised by a task in a pool comes back from its future's result().
from concurrent.futures import ThreadPoolExecutor, as_completed
import time

def work(n):
    time.sleep(0.01 * n)
    if n == 2:
        raise ValueError(f"bad input {n}")
    return n * n

with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(work, n) for n in range(4)]
    for future in futures:
        try:
            print("result:", future.result())
        except ValueError as e:
            print("failed:", e)
    done = pool.submit(work, 2)
    time.sleep(0.1)
    try:
        done.result()
    except ValueError as e:
        print("again:", e)
print("pool still works")
