# What a program printed and flushed is kept even when it ends at once; its exit hooks print too.
import atexit
import os
import sys
import threading

atexit.register(lambda: print("atexit hook"))
threading._register_atexit(lambda: print("threading exit hook"))
for i in range(3000):
    print("line", i)
if sys.argv[1:] == ["now"]:
    print("last words", flush=True)
    os._exit(3)
print("the end")
