# Two threads take the same two locks in opposite orders, one after the other: no deadlock this
# time, but the order is a cycle, and a run at another moment could deadlock.
import threading

a = threading.Lock()
b = threading.Lock()

def forward():
    with a:
        with b:
            pass

def backward():
    with b:
        with a:
            pass

first = threading.Thread(target=forward)
first.start()
first.join()
second = threading.Thread(target=backward)
second.start()
second.join()
print("both done")
