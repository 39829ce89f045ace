# semaphore.py — ten workers share a pool of three connections guarded by a Semaphore.
#
# The tutorial's connection-pool example. BoundedSemaphore(3) hands out three permits; a
# worker holds one for as long as it uses a connection (a 200 ms query) and `with pool:` gives
# it back. The statistics (`in_use`, `max_in_use`) are updated under their own lock.
# Watch for: at most three Worker rows in I/O at any moment; the others wait on the semaphore
# (S) and each one starts as soon as a permit comes back, in four waves: about 800 ms in all.
# The summary's max_in_use is 3. Try --policy free or --policy random: still never more than 3.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: latency db.example.com = 200ms
import threading
import requests

in_use = 0
max_in_use = 0
served = 0
pool = threading.BoundedSemaphore(3)
stats = threading.Lock()


def worker(n):
    global in_use, max_in_use, served
    with pool:
        with stats:
            in_use += 1
            if in_use > max_in_use:
                max_in_use = in_use
            print(f"Worker {n} got a connection ({in_use} in use)")
        requests.get(f"https://db.example.com/query/{n}")
        with stats:
            in_use -= 1
            served += 1


threads = [threading.Thread(target=worker, args=(i,), name=f"Worker-{i}") for i in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
expect(served == 10, "every worker was served")
expect(in_use == 0, "every connection was given back")
expect(max_in_use == 3, "never more than 3 connections in use")
