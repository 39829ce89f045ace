# Check-then-act under a lock: withdrawals never take the balance below zero.
import threading

balance = 100
lock = threading.Lock()
refused = []


def withdraw(amount, who):
    global balance
    with lock:
        if balance >= amount:
            balance -= amount
        else:
            refused.append(who)


threads = [threading.Thread(target=withdraw, args=(30, f"customer-{i}")) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"balance: {balance}, refused: {len(refused)}")
