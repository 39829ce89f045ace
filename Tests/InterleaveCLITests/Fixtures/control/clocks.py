# Sleeping workers and timeouts: under control they take Interleave's clock, not the wall's.
import threading
import time
import queue

start_wall = time.time()
start = time.monotonic()
done = threading.Event()
jobs = queue.Queue()


def sleeper(n):
    time.sleep(10 * n)
    jobs.put(n)


def waiter():
    # Nobody sets it: the wait ends by its timeout, 25 virtual seconds on.
    print("event set?", done.wait(timeout=25), "after", round(time.monotonic() - start, 3))


threads = [threading.Thread(target=sleeper, args=(n,)) for n in (3, 1, 2)] + [threading.Thread(target=waiter)]
for t in threads:
    t.start()
got = [jobs.get() for _ in range(3)]
for t in threads:
    t.join()
print("order", got, "after", round(time.monotonic() - start, 3))
print("wall clock moved", round(time.time() - start_wall, 3))
