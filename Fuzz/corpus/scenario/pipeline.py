# Three stages joined by queues: numbers are squared, then formatted, then printed in order.
import queue
import threading

raw = queue.Queue()
squared = queue.Queue()
STOP = -1


def square():
    while True:
        n = raw.get()
        if n == STOP:
            squared.put(STOP)
            return
        squared.put(n * n)


def show():
    lines = []
    while True:
        value = squared.get()
        if value == STOP:
            break
        lines.append(f"{value:>4}")
    print("|".join(lines))


stages = [threading.Thread(target=square), threading.Thread(target=show)]
for stage in stages:
    stage.start()
for n in range(1, 8):
    raw.put(n)
raw.put(STOP)
for stage in stages:
    stage.join()
print("pipeline done")
