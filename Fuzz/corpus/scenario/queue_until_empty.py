# Workers take jobs until the queue stays empty for a while (queue.Empty ends them).
import queue
import threading

jobs = queue.Queue()
results = []
lock = threading.Lock()


def worker():
    while True:
        try:
            n = jobs.get(timeout=0.2)
        except queue.Empty:
            return
        with lock:
            results.append(n * 10)


for n in range(6):
    jobs.put(n)
workers = [threading.Thread(target=worker) for _ in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(sorted(results))
