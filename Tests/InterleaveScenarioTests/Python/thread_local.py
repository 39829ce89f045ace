# threading.local: each thread keeps its own request id and counter, with no lock.
import threading
import time

context = threading.local()
alive = []


def handle(request_id, calls):
    context.request_id = request_id
    context.count = 0
    for _ in range(calls):
        context.count += 1
        time.sleep(0.001)
    log(f"finished after {context.count} calls")


def log(message):
    print(f"[request {context.request_id}] {message}")


threads = [threading.Thread(target=handle, args=(i, i + 2)) for i in range(3)]
for t in threads:
    t.start()
alive.append(threading.active_count())
for t in threads:
    t.join()
print("threads alive while they ran:", alive[0], "after:", threading.active_count(), threading.main_thread().name)
