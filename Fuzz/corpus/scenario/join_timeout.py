# join(timeout=...) returns before a slow thread ends; is_alive() tells which happened.
import threading
import time


def slow():
    time.sleep(1.0)


t = threading.Thread(target=slow, name="slowpoke")
t.start()
t.join(timeout=0.2)
print(t.name, "alive after 0.2 s:", t.is_alive())
t.join()
print(t.name, "alive after join:", t.is_alive())
