# An RLock can be taken again by the thread that holds it.
import threading

rlock = threading.RLock()
depth_seen = []


def nested(level):
    with rlock:
        depth_seen.append(level)
        if level < 3:
            nested(level + 1)


t = threading.Thread(target=nested, args=(1,))
t.start()
t.join()
print("levels:", depth_seen)
