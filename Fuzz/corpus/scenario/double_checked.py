# Double-checked locking: the shared resource is made once, however many threads ask for it.
import threading

resource = None
made = 0
lock = threading.Lock()


def get_resource():
    global resource, made
    if resource is None:
        with lock:
            if resource is None:
                made += 1
                resource = {"name": "connection", "uses": 0}
    return resource


def use():
    r = get_resource()
    with lock:
        r["uses"] += 1


threads = [threading.Thread(target=use) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("made", made, "time(s); used", resource["uses"], "times")
