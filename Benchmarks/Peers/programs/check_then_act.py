# Two threads each check the balance and then take one: both can pass the check.
import threading


class Account:
    def __init__(self):
        self.balance = 1


def worker(s):
    if s.balance >= 1:
        s.balance = s.balance - 1


s = Account()
threads = [threading.Thread(target=worker, args=(s,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert s.balance >= 0
