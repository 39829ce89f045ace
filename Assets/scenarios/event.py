# event.py — an Event as a start signal: the workers wait until main says "go", then start together.
#
# The tutorial's Event example. Four workers start at once but immediately wait on the event;
# main spends 300 ms preparing (loading the configuration, say), then calls go.set(), which
# wakes every waiter at the same moment.
# Watch for: the Worker rows waiting on the event (E) until 300 ms, then all leaving it at the
# same instant and fetching a page side by side (100 ms). go.is_set() stays true afterwards:
# a worker that waited later would not wait at all (until go.clear()).
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: latency = 100ms
import threading
import time
import requests

config_loaded = False
started = 0
lock = threading.Lock()
go = threading.Event()


def worker(n):
    global started
    print(f"Worker {n} waiting for the signal")
    go.wait()
    expect(config_loaded, "no worker starts before main has prepared")
    with lock:
        started += 1
    print(f"Worker {n} running")
    requests.get(f"https://example.com/page/{n}")


threads = [threading.Thread(target=worker, args=(i,), name=f"Worker-{i}") for i in range(4)]
for t in threads:
    t.start()
print("Main: preparing")
time.sleep(0.3)
config_loaded = True
print("Main: go!")
go.set()
for t in threads:
    t.join()
expect(started == 4, "all four workers started")
expect(go.is_set(), "the event stays set")
print("All workers done")
