# A bounded buffer built from a lock and two conditions, as a class.
import threading


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []
        self.lock = threading.Lock()
        self.not_full = threading.Condition(self.lock)
        self.not_empty = threading.Condition(self.lock)

    def put(self, item):
        with self.not_full:
            while len(self.items) >= self.capacity:
                self.not_full.wait()
            self.items.append(item)
            self.not_empty.notify()

    def get(self):
        with self.not_empty:
            while not self.items:
                self.not_empty.wait()
            item = self.items.pop(0)
            self.not_full.notify()
            return item


buffer = BoundedBuffer(2)
received = []


def producer(start):
    for i in range(start, start + 5):
        buffer.put(i)


def consumer(count):
    for _ in range(count):
        received.append(buffer.get())


threads = [threading.Thread(target=producer, args=(0,)), threading.Thread(target=producer, args=(100,)),
           threading.Thread(target=consumer, args=(10,))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("received", len(received), "items:", sorted(received))
