# A Condition, a Semaphore, an RLock, an Event and a Barrier, each used once by two threads.
import threading

ready = threading.Condition()
items = []
slots = threading.BoundedSemaphore(1)
nested = threading.RLock()
go = threading.Event()
meet = threading.Barrier(2)

def producer():
    with ready:
        items.append(1)
        ready.notify()
    with slots:
        with nested:
            with nested:
                pass
    go.set()
    meet.wait()

def consumer():
    with ready:
        while not items:
            ready.wait()
    go.wait()
    meet.wait()
    print("consumer got", items)

threads = [threading.Thread(target=consumer), threading.Thread(target=producer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
