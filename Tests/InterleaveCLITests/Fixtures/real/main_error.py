x = 1
x = x / 0
