# A readers-writer lock built from a Condition: readers share, a writer is alone.
import threading
import time

cond = threading.Condition()
readers = 0
writing = False
log = []


def start_read():
    global readers
    with cond:
        while writing:
            cond.wait()
        readers += 1


def end_read():
    global readers
    with cond:
        readers -= 1
        if readers == 0:
            cond.notify_all()


def start_write():
    global writing
    with cond:
        while writing or readers > 0:
            cond.wait()
        writing = True


def end_write():
    global writing
    with cond:
        writing = False
        cond.notify_all()


def reader(n):
    start_read()
    time.sleep(0.05)
    end_read()
    print(f"reader {n} done")


def writer():
    start_write()
    log.append("write")
    time.sleep(0.05)
    end_write()
    print("writer done")


threads = [threading.Thread(target=reader, args=(i,)) for i in range(3)] + [threading.Thread(target=writer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("writes:", len(log), "readers left:", readers)
