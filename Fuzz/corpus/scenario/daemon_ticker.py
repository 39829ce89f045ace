# A daemon thread ticks forever; the program ends when the main thread is done.
import threading
import time

ticks = 0


def ticker():
    global ticks
    while True:
        ticks += 1
        time.sleep(0.1)


threading.Thread(target=ticker, daemon=True).start()
time.sleep(0.35)
print("main done; the daemon is stopped at exit")
