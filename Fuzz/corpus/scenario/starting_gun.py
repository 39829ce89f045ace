# Runners wait for an Event, then all start at once.
import threading
import time

go = threading.Event()
finished = []
finish_lock = threading.Lock()


def runner(name, pace):
    go.wait()
    time.sleep(pace)
    with finish_lock:
        finished.append(name)
    print(f"{name} finished after {pace}s")


runners = [threading.Thread(target=runner, args=(f"runner-{i}", 0.1 * (3 - i))) for i in range(3)]
for r in runners:
    r.start()
print("ready... go!")
go.set()
for r in runners:
    r.join()
print("first:", finished[0], "last:", finished[-1])
