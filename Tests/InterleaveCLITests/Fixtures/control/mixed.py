# Locks, a Condition, a bounded queue and a Barrier among four threads: many choices.
import threading
import queue

lock = threading.Lock()
ready = threading.Condition()
items = queue.Queue(maxsize=2)
barrier = threading.Barrier(3)
log = []
count = 0


def producer():
    for i in range(4):
        items.put(i)
    items.put(None)


def consumer():
    global count
    while True:
        item = items.get()
        if item is None:
            break
        with lock:
            count += item
            log.append(item)
    with ready:
        ready.notify_all()
    barrier.wait()


def watcher():
    with ready:
        ready.wait_for(lambda: count == 6)
    barrier.wait()


threads = [threading.Thread(target=f) for f in (producer, consumer, watcher)]
for t in threads:
    t.start()
barrier.wait()
for t in threads:
    t.join()
print("count", count, "log", log)
