import CLibFuzzer
import InterleaveScenario

// The scenario targets' custom mutator. libFuzzer's mutations rarely make a number much larger (a
// bigger number covers no new code), yet sizes and durations at the edges of 64 bits are where
// virtual time overflows and runs go on for ever. So some mutations replace one to three numbers
// in the text (runs of digits: counts, durations before their unit, config values) with numbers
// near a limit, which keeps a scenario that compiled compiling: half the mutations of a scenario
// that compiles, one in eight of one that doesn't. The others are libFuzzer's own.

/// Numbers worth trying: small ones, powers of two and ten, and the edges of 32 and 64 bits.
let interestingNumbers: [String] = [
    "0", "1", "2", "3", "8", "100", "255", "256", "1000", "4096", "65535", "65536", "1000000",
    "2147483647", "2147483648", "4294967295", "4294967296", "1000000000", "9000000000",
    "99999999999", "1000000000000", "4611686018427387904", "9223372036854775807",
    "9223372036854775808", "18446744073709551615", "18446744073709551616",
]

/// The scenario targets' LLVMFuzzerCustomMutator: mutates `size` bytes at `data` (room for
/// `maxSize`) and returns the new size.
public func mutateScenario(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = UInt64(seed) | 1
    func next() -> Int {
        // xorshift64: a few numbers from the seed libFuzzer gives, so a mutation can be repeated.
        random ^= random << 13
        random ^= random >> 7
        random ^= random << 17
        return Int(truncatingIfNeeded: random >> 1)
    }
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let compiles: Bool
    if case .success = Scenario.compile(SourceFile(name: "fuzz.ilv", bytes: bytes), name: "fuzz") { compiles = true } else { compiles = false }
    guard next() % (compiles ? 2 : 8) == 0 else { return LLVMFuzzerMutate(data, size, maxSize) }
    var numbers: [Range<Int>] = []
    var index = 0
    while index < bytes.count {
        guard bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") else {
            index += 1
            continue
        }
        let start = index
        while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
        numbers.append(start..<index)
    }
    guard !numbers.isEmpty else { return LLVMFuzzerMutate(data, size, maxSize) }
    // Which numbers: one, two or three of them, replaced from the last so the ranges stay right.
    var chosen = Set<Int>()
    for _ in 0..<(1 + next() % 3) { chosen.insert(next() % numbers.count) }
    for number in chosen.sorted(by: >) {
        let replacement = interestingNumbers[next() % interestingNumbers.count].utf8
        bytes.replaceSubrange(numbers[number], with: replacement)
    }
    guard bytes.count <= maxSize else { return LLVMFuzzerMutate(data, size, maxSize) }
    for (offset, byte) in bytes.enumerated() { data[offset] = byte }
    return bytes.count
}
