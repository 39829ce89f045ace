# Objects whose kind is more than their class: a bounded semaphore, LIFO and priority queues.
import queue
import threading

slots = threading.BoundedSemaphore(2)
stack = queue.LifoQueue(3)
ranked = queue.PriorityQueue()
stack.put(1)
stack.put(2)
print("top", stack.get())
