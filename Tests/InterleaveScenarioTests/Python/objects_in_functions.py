# Synchronization objects made where they are needed: in a function, in a loop, from a variable.
import threading
import queue

WORKERS = 3


def run_batch(items):
    results = queue.Queue()
    slots = threading.Semaphore(WORKERS - 1)
    started = threading.Event()

    threads = []
    for item in items:
        t = threading.Thread(target=work, args=(item, slots, results, started))
        threads.append(t)
        t.start()
    started.set()
    for t in threads:
        t.join()
    total = 0
    while not results.empty():
        total += results.get()
    return total


def work(item, slots, results, started):
    started.wait()
    with slots:
        results.put(item * item)


print("batch 1:", run_batch([1, 2, 3]))
print("batch 2:", run_batch([4, 5]))
