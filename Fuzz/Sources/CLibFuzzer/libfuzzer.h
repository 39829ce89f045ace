// What a fuzz target may call of libFuzzer itself (linked in by -sanitize=fuzzer).
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own mutations of `data` (`size` bytes, room for `max_size`); returns the new size.
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
