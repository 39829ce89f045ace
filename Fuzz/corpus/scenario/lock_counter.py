# lock_counter.py — two threads add to one counter under a lock: no update is lost.
#
# The tutorial's lock example. `counter += 1` is a read and then a write, two steps another
# thread can come between; the lock makes the pair indivisible.
# Watch for: the lock changing hands between the threads, the waits when one holds it, and the
# final counter of exactly 200000 under every policy and seed.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
import threading

counter = 0
lock = threading.Lock()


def increment():
    global counter
    for _ in range(100000):
        with lock:
            counter += 1


t1 = threading.Thread(target=increment)
t2 = threading.Thread(target=increment)
t1.start()
t2.start()
t1.join()
t2.join()
print(f"counter = {counter}")
expect(counter == 200000, "no update was lost")
