# Threads named with f-strings report their own names through current_thread().
import threading

lock = threading.Lock()
names = []


def report():
    with lock:
        names.append(threading.current_thread().name)


threads = [threading.Thread(target=report, name=f"worker-{i}") for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
names.sort()
print(names)
print("main is", threading.current_thread().name)
