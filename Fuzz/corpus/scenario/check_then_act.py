# Check-then-act without a lock: both threads see enough money, and the balance goes negative.
import threading
import time

balance = 100


def withdraw(amount):
    global balance
    if balance >= amount:
        time.sleep(0.01)
        balance -= amount


threads = [threading.Thread(target=withdraw, args=(80,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("balance:", balance)
