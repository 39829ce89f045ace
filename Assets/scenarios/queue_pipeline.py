# queue_pipeline.py — a three-stage pipeline joined by bounded Queues, stopped by a sentinel.
#
# The tutorial's Queue example. The producer reads numbers 1..6 (10 ms each) into `raw`; the
# squarer takes each one, works on it for 50 ms and puts its square into `squared`; the consumer
# adds them up. Both queues hold at most 2 items (Queue(maxsize=2)), so a fast stage waits when
# the next one falls behind: q.put() blocks on a full queue, q.get() on an empty one. None is
# the sentinel: "no more items", passed along so each stage knows when to stop.
# Watch for: the Producer row waiting on the queue (Q) after a few items because the squarer
# is slower (the queue is full), and the Consumer waiting (Q) for each square (the queue is
# empty). The consumer ends up with 6 items adding up to 1 + 4 + 9 + 16 + 25 + 36 = 91.
# Try queue.Queue() (no maxsize) for `raw`: the producer no longer waits.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
import queue
import threading
import time

total = 0
received = 0
raw = queue.Queue(maxsize=2)
squared = queue.Queue(maxsize=2)


def producer():
    for n in range(1, 7):
        time.sleep(0.010)           # read the next number
        raw.put(n)
        print(f"Produced {n}")
    raw.put(None)


def squarer():
    while True:
        n = raw.get()
        if n is None:
            squared.put(None)
            break
        time.sleep(0.050)           # work on it
        squared.put(n * n)


def consumer():
    global total, received
    while True:
        x = squared.get()
        if x is None:
            break
        total += x
        received += 1
        print(f"Consumed {x}, total {total}")


threads = [
    threading.Thread(target=producer, name="Producer"),
    threading.Thread(target=squarer, name="Squarer"),
    threading.Thread(target=consumer, name="Consumer"),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
expect(received == 6, "six squares arrived")
expect(total == 91, "1 + 4 + 9 + 16 + 25 + 36")
