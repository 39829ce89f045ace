# A producer puts numbers in a bounded queue; two consumers take them until a None sentinel.
import queue
import threading

q = queue.Queue(maxsize=3)
totals = []
total_lock = threading.Lock()


def producer(count):
    for i in range(1, count + 1):
        q.put(i)
    q.put(None)
    q.put(None)


def consumer(name):
    total = 0
    while True:
        item = q.get()
        if item is None:
            break
        total += item
    with total_lock:
        totals.append(total)


workers = [threading.Thread(target=consumer, args=(f"c{i}",)) for i in range(2)]
for w in workers:
    w.start()
p = threading.Thread(target=producer, args=(10,))
p.start()
p.join()
for w in workers:
    w.join()
print("sum of both totals:", totals[0] + totals[1])
print("consumers finished:", len(totals))
