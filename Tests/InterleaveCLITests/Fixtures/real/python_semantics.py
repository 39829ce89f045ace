# The watched objects keep Python's own answers: types, argument checks, exceptions.
import queue
import sys
import threading

lock = threading.Lock()
checks = []
try:
    lock.acquire(False, 1)
except ValueError as error:
    checks.append("lock: " + str(error))
try:
    queue.Queue().get(timeout=-1)
except ValueError as error:
    checks.append("queue: " + str(error))
try:
    threading.Semaphore().acquire(False, 1)
except ValueError as error:
    checks.append("semaphore: " + str(error))
checks.append("bounded is a semaphore: %s" % isinstance(threading.BoundedSemaphore(), threading.Semaphore))
if sys.version_info >= (3, 13):
    checks.append("lock is a Lock: %s" % isinstance(lock, threading.Lock))
print("; ".join(checks))

def objects(n):
    made = [threading.Lock() for _ in range(100)]
    for each in made:
        with each:
            pass

workers = [threading.Thread(target=objects, args=(n,)) for n in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()

def hook(kind, value, traceback):
    print("the program's own hook:", kind.__name__, value, file=sys.stderr)

sys.excepthook = hook
raise RuntimeError("at the end")
