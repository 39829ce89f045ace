# A bank account without a lock: two deposits and a withdrawal read, then write, the balance.
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount

    def withdraw(self, amount):
        if self.balance >= amount:
            self.balance -= amount


account = Account(100)
threads = [threading.Thread(target=account.deposit, args=(50,)) for _ in range(2)]
threads.append(threading.Thread(target=account.withdraw, args=(30,)))
for t in threads:
    t.start()
for t in threads:
    t.join()
assert account.balance == 170, f"balance {account.balance}, not 170"
print("balance", account.balance)
