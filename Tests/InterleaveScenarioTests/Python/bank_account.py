# The classic: a bank account whose balance a lock guards, with an exception of its own.
import threading


class InsufficientFunds(Exception):
    pass


class BankAccount:
    """A balance and the lock that guards it."""

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def withdraw(self, amount):
        with self.lock:
            if self.balance < amount:
                raise InsufficientFunds(f"{self.owner} has {self.balance}, not {amount}")
            self.balance -= amount


account = BankAccount("alice", 100)
threads = [threading.Thread(target=account.deposit, args=(10,)) for _ in range(5)]
threads += [threading.Thread(target=account.withdraw, kwargs={"amount": 20}) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{account.owner}: {account.balance}")
try:
    account.withdraw(1000)
except InsufficientFunds as e:
    print("refused:", e)
