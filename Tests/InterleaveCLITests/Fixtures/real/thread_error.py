# A thread raises; the program goes on and exits with the status it asks for.
import sys
import threading

def fail():
    raise ValueError("bad input")

t = threading.Thread(target=fail, name="failing")
t.start()
t.join()
print("main goes on", sys.argv[1:], input())
sys.exit(3)
