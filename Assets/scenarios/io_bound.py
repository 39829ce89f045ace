# io_bound.py — I/O-bound work: 8 fetches take 1.6 s one after another, 200 ms in 8 threads.
#
# The tutorial's "download several pages" example. Each fetch waits 200 ms for the network,
# which releases the GIL. Main first does the 8 fetches itself, one after another, then does
# the same 8 fetches in 8 threads and joins them.
# Watch for: MainThread's row in I/O for the first 1.6 s, then the eight Fetch rows in I/O side
# by side from 1.6 s to 1.8 s: the waits overlap, even under the GIL and on 2 cores.
# Try --policy free or --cores 1: the threaded phase still takes about 200 ms, because waiting
# for I/O needs neither the GIL nor a core.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: latency = 200ms
import threading
import time
import requests

fetched = 0
lock = threading.Lock()


def fetch(n):
    global fetched
    requests.get(f"https://example.com/page/{n}")
    with lock:
        fetched += 1


print("Sequential: 8 fetches in the main thread")
start = time.perf_counter()
for n in range(8):
    fetch(n)
print(f"took {time.perf_counter() - start:.1f}s")
expect(fetched == 8, "the sequential fetches all finished")

print("Threaded: the same 8 fetches in 8 threads")
start = time.perf_counter()
threads = [threading.Thread(target=fetch, args=(n,), name=f"Fetch-{n}") for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"took {time.perf_counter() - start:.1f}s")
expect(fetched == 16, "the threaded fetches all finished")
