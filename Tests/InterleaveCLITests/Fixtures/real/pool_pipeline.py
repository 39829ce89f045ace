# Library-style code: a pool's workers, a queue pipeline with task_done and join, logging from threads.
import logging
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(level=logging.INFO, format="%(threadName)s %(message)s", stream=__import__("sys").stdout)

def square(n):
    return n * n

with ThreadPoolExecutor(max_workers=2) as pool:
    squares = list(pool.map(square, range(5)))
print("squares", squares)

jobs = queue.Queue(maxsize=2)
done = []

def consumer():
    while True:
        item = jobs.get()
        if item is None:
            jobs.task_done()
            break
        logging.info("handled %d", item)
        done.append(item)
        jobs.task_done()

worker = threading.Thread(target=consumer, name="consumer")
worker.start()
for i in range(4):
    jobs.put(i)
jobs.put(None)
jobs.join()
worker.join()
print("handled", sorted(done))
