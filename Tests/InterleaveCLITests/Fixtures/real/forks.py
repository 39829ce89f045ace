# The program forks a process: its threads are not followed, and Interleave says so.
import os

pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
print("parent done")
