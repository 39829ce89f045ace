# A thread started with _thread, not threading: it runs outside the schedule, and the run says so.
import _thread
import threading

lock = threading.Lock()
done = threading.Event()


def raw():
    with lock:
        print("the raw thread took the lock")
    done.set()


_thread.start_new_thread(raw, ())
done.wait()
print("main saw it done")
