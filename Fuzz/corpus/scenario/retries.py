# Each task fails on its first tries and is retried; errors are caught per thread.
import threading

attempts = {}
lock = threading.Lock()


def flaky(name, failures):
    with lock:
        attempts[name] = attempts.get(name, 0) + 1
        tries = attempts[name]
    if tries <= failures:
        raise ConnectionError(f"{name} failed on try {tries}")
    return f"{name} ok after {tries}"


def run(name, failures):
    for _ in range(5):
        try:
            result = flaky(name, failures)
            print(result)
            return
        except ConnectionError as error:
            last = str(error)
    print(name, "gave up:", last)


threads = [threading.Thread(target=run, args=(f"task{i}", i * 2)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
