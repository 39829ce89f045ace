# What a program does at its end: a pool never shut down, exit hooks that use a queue and an
# Event (called by Python with no frame of the program's), and a lock handed to another thread.
import atexit
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(2)
print("doubled", list(pool.map(lambda x: x * 2, range(3))))

leftovers = queue.Queue()
done = threading.Event()
atexit.register(leftovers.put, None)
atexit.register(done.wait, 0.01)

handed = threading.Lock()
handed.acquire()

def release_later():
    time.sleep(0.8)
    handed.release()

threading.Thread(target=release_later, name="releaser").start()
handed.acquire()
print("the lock came back")
