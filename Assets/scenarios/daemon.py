# daemon.py — a daemon thread is stopped when the program ends; a normal thread is waited for.
#
# The tutorial's daemon example. The heartbeat thread is started with daemon=True and would
# beat every 500 ms for 10 s; the worker is an ordinary thread that main joins. When main and
# every non-daemon thread have finished, the program ends and the daemon is simply stopped,
# in the middle of its loop: "heartbeat stopped" is never printed.
# Watch for: the Heartbeat row sleeping and beating until main finishes at 1.2 s, then the run
# ending with the daemon cut off. Try daemon=False on the heartbeat: the run lasts the full 10 s.
# The summary's data race on `beats` is real: main reads the daemon's counter with no lock.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: latency = 300ms
import threading
import time
import requests

beats = 0
jobs_done = 0


def heartbeat():
    global beats
    for i in range(20):
        beats += 1
        print(f"heartbeat {beats}")
        time.sleep(0.5)
    print("heartbeat stopped")


def worker():
    global jobs_done
    for job in range(3):
        requests.get(f"https://example.com/jobs/{job}")
        jobs_done += 1
        print(f"worker finished job {job}")


hb = threading.Thread(target=heartbeat, name="Heartbeat", daemon=True)
hb.start()
w = threading.Thread(target=worker, name="Worker")
w.start()
w.join()
time.sleep(0.3)
print("main done, exiting with the heartbeat still running")
expect(jobs_done == 3, "the worker finished its jobs")
expect(hb.is_alive(), "the daemon is still working when main ends")
expect(beats < 20, "the daemon did not get to finish its loop")
