# A bounded buffer from one lock and two Conditions: producers wait when full, consumers when empty.
import threading

lock = threading.Lock()
not_full = threading.Condition(lock)
not_empty = threading.Condition(lock)
buffer = []
CAPACITY = 2
taken = []


def produce(items):
    for item in items:
        with not_full:
            while len(buffer) >= CAPACITY:
                not_full.wait()
            buffer.append(item)
            not_empty.notify()


def consume(count):
    for _ in range(count):
        with not_empty:
            while len(buffer) == 0:
                not_empty.wait()
            taken.append(buffer.pop(0))
            not_full.notify()


producer = threading.Thread(target=produce, args=([1, 2, 3, 4, 5, 6],))
consumer = threading.Thread(target=consume, args=(6,))
consumer.start()
producer.start()
producer.join()
consumer.join()
print("taken in order:", taken)
