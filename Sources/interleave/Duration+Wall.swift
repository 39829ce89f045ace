/// Wall-clock durations (the standard library's, not the engine's virtual `Duration`) in the
/// units the command line shows and paces by.
extension Swift.Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Int { Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000) }
}
