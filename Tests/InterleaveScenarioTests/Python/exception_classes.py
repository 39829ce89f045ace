# Exceptions of the program's own, caught by their own class or by a base class.
import threading


class JobError(Exception):
    pass


class RetryLater(JobError):
    pass


class Fatal(JobError):
    pass


failures = []
failures_lock = threading.Lock()


def job(n):
    try:
        if n % 3 == 0:
            raise RetryLater(f"job {n}: busy")
        if n % 5 == 0:
            raise Fatal(f"job {n}: broken")
        print(f"job {n}: ok")
    except RetryLater as e:
        print("retry:", e)
    except JobError as e:
        with failures_lock:
            failures.append(str(e))


threads = [threading.Thread(target=job, args=(n,)) for n in range(1, 11)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("failures:", sorted(failures))
