# A queue and an event passed to the threads as arguments.
import queue
import threading


def producer(q, count, done):
    for i in range(count):
        q.put(i)
    done.set()


def consumer(q, done, results):
    while True:
        try:
            item = q.get(timeout=0.1)
        except queue.Empty:
            if done.is_set():
                return
            continue
        results.append(item * 2)


jobs = queue.Queue(maxsize=2)
finished = threading.Event()
out = []
c = threading.Thread(target=consumer, args=(jobs, finished, out))
p = threading.Thread(target=producer, args=(jobs, 5, finished))
c.start()
p.start()
p.join()
c.join()
print(out, jobs.qsize(), jobs.empty())
