# Condition.wait_for: a consumer waits until the items it needs are there, or gives up.
import threading
import time

cond = threading.Condition()
items = []


class Order:
    def __init__(self, size):
        self.size = size
        self.packed = 0
        self.cond = threading.Condition()

    def complete(self):
        return self.packed >= self.size

    def pack(self):
        with self.cond:
            self.packed += 1
            self.cond.notify_all()


def producer():
    for i in range(5):
        time.sleep(0.01)
        with cond:
            items.append(i)
            cond.notify_all()


def consumer(need):
    with cond:
        got = cond.wait_for(lambda: len(items) >= need)
        print(f"consumer {need}: {got}, saw {len(items) >= need}")


def impatient():
    with cond:
        got = cond.wait_for(lambda: len(items) >= 100, timeout=0.02)
        print("impatient gave up:", got)


threads = [threading.Thread(target=producer), threading.Thread(target=consumer, args=(3,)),
           threading.Thread(target=consumer, args=(5,)), threading.Thread(target=impatient)]
for t in threads:
    t.start()
for t in threads:
    t.join()

order = Order(3)
packers = [threading.Thread(target=order.pack) for _ in range(3)]
for p in packers:
    p.start()
with order.cond:
    print("order complete:", order.cond.wait_for(order.complete))
for p in packers:
    p.join()
