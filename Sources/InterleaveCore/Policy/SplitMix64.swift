/// A small seeded pseudo-random generator (SplitMix64): the engine's only source of randomness.
///
/// Its whole state is one integer, so copying a machine copies its random future too.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), without modulo bias worth speaking of for small bounds.
    public mutating func below(_ bound: Int) -> Int {
        Int(UInt64(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high))
    }
}
