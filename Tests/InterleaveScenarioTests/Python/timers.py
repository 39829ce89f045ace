# threading.Timer: a reminder that fires, one cancelled in time, and a watchdog.
import threading
import time

fired = []


def remind(what, repeat=1):
    fired.append(what)
    print(f"reminder: {what} x{repeat}")


tea = threading.Timer(0.2, remind, args=("tea",), kwargs={"repeat": 2})
meeting = threading.Timer(0.5, remind, args=("meeting",))
tea.start()
meeting.start()
time.sleep(0.3)
meeting.cancel()
tea.join()
meeting.join()
print("fired:", fired, "alive:", tea.is_alive(), meeting.is_alive())
start = time.monotonic()
watchdog = threading.Timer(0.05, remind, ["watchdog"])
watchdog.start()
watchdog.join()
print(f"watchdog after {time.monotonic() - start:.2f}s")
