# Event.wait(timeout) returns False when it times out and True once the event is set.
import threading
import time

ready = threading.Event()


def setter():
    time.sleep(0.3)
    ready.set()


threading.Thread(target=setter).start()
print("after 0.1 s:", ready.wait(timeout=0.1))
print("after at most 1 s more:", ready.wait(timeout=1.0))
print("is set:", ready.is_set())
