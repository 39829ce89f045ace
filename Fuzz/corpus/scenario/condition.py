# condition.py — producer and consumer share a bounded buffer guarded by a Condition.
#
# The tutorial's Condition example. The buffer holds at most 2 items (`buffered` counts them).
# The producer makes an item every 10 ms; the consumer needs 30 ms per item, so the buffer
# fills up. With the condition's lock held, the producer waits while the buffer is full and the
# consumer waits until it is not empty (cond.wait() releases the lock and re-takes it when
# woken); each side calls cond.notify() after changing the buffer to wake the other.
# Watch for: the Producer row blocked on the condition (C) once two items are buffered, and
# woken each time the consumer takes one; the cond.lock line in the summary; every item
# produced is consumed and the buffer is never over capacity.
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
import threading
import time

buffered = 0
produced = 0
consumed = 0
max_buffered = 0
cond = threading.Condition()


def producer(items):
    global buffered, produced, max_buffered
    for i in range(items):
        compute(0.010)
        with cond:
            while buffered == 2:
                cond.wait()
            buffered += 1
            produced += 1
            if buffered > max_buffered:
                max_buffered = buffered
            print(f"Produced item {i}, buffer holds {buffered}")
            cond.notify()


def consumer(items):
    global buffered, consumed
    for i in range(items):
        with cond:
            cond.wait_for(lambda: buffered > 0)
            buffered -= 1
            consumed += 1
            print(f"Consumed item {i}, buffer holds {buffered}")
            cond.notify()
        time.sleep(0.030)


c = threading.Thread(target=consumer, args=(8,), name="Consumer")
p = threading.Thread(target=producer, args=(8,), name="Producer")
c.start()
p.start()
p.join()
c.join()
expect(produced == 8, "eight items produced")
expect(consumed == 8, "everything produced was consumed")
expect(buffered == 0, "the buffer ends empty")
expect(max_buffered <= 2, "the buffer never held more than 2 items")
