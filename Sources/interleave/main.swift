print("interleave")
