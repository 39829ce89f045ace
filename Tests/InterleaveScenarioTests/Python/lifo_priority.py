# LifoQueue hands out the newest item, PriorityQueue the smallest.
import queue
import threading

stack = queue.LifoQueue()
jobs = queue.PriorityQueue(maxsize=10)
for i in range(4):
    stack.put(i)
for job in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]:
    jobs.put(job)
print("lifo:", [stack.get() for _ in range(4)])


def worker(out):
    while True:
        try:
            priority, name = jobs.get_nowait()
        except queue.Empty:
            return
        out.append(name)
        jobs.task_done()


done = []
t = threading.Thread(target=worker, args=(done,))
t.start()
t.join()
jobs.join()
print("priority:", done, stack.empty(), jobs.qsize())
