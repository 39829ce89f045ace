# A worker polls a stop flag (an Event) and finishes its current step when main sets it.
import threading
import time

stop = threading.Event()
steps = []


def worker():
    while not stop.is_set():
        steps.append(1)
        time.sleep(0.1)
    print("worker saw the stop flag")


t = threading.Thread(target=worker)
t.start()
time.sleep(0.35)
stop.set()
t.join()
print("steps taken:", len(steps))
