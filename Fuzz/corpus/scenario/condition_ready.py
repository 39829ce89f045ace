# A consumer waits on a Condition until the producer has made the data ready.
import threading
import time

cond = threading.Condition()
ready = False
data = []


def consumer():
    with cond:
        while not ready:
            cond.wait()
        print("consumer sees", len(data), "items:", data)


def producer():
    global ready
    time.sleep(0.05)
    with cond:
        data.extend([1, 2, 3])
        ready = True
        cond.notify_all()
    print("producer notified")


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
