# Threads written as classes: run() overridden, results kept on the instance.
import threading
import time


class Downloader(threading.Thread):
    def __init__(self, name, seconds):
        super().__init__(name=name)
        self.seconds = seconds
        self.done = False

    def run(self):
        time.sleep(self.seconds)
        self.done = True
        print(f"{self.name} finished after {self.seconds}s")


class Quiet(threading.Thread):
    def run(self):
        print("quiet thread runs as", threading.current_thread().name)


workers = [Downloader(f"download-{i}", 0.1 * i) for i in range(1, 4)]
workers.append(Quiet())
for w in workers:
    w.start()
for w in workers:
    w.join()
print("all done:", all(w.done for w in workers[:3]), workers[0].is_alive())
