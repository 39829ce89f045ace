# Two threads take two locks in opposite orders; a barrier makes sure each holds its first.
import threading

left = threading.Lock()
right = threading.Lock()
both_hold_one = threading.Barrier(2)

def one():
    with left:
        both_hold_one.wait()
        with right:
            print("one has both")

def two():
    with right:
        both_hold_one.wait()
        with left:
            print("two has both")

a = threading.Thread(target=one, name="one")
b = threading.Thread(target=two, name="two")
a.start()
b.start()
a.join()
b.join()
