# A Semaphore as a rate limiter: ten requests, at most three at a time, each taking 0.1 s.
import threading
import time

limit = threading.Semaphore(3)
started = time.time()
done = []
lock = threading.Lock()


def request(n):
    with limit:
        time.sleep(0.1)
    with lock:
        done.append(n)


threads = [threading.Thread(target=request, args=(i,)) for i in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - started
print(f"{len(done)} requests in about {int(elapsed * 10 + 0.5) / 10} s")
