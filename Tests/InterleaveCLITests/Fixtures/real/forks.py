# The program forks a process: its threads are not followed, and Interleave says so; the child's
# output is its own.
import os

pid = os.fork()
if pid == 0:
    print("child says hi", flush=True)
    os._exit(0)
os.waitpid(pid, 0)
print("parent done")
