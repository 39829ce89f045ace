import FuzzSupport

// libFuzzer target for runs of scenarios: the same work as FuzzScenario, but only inputs that
// compile are kept in its corpus (an input that doesn't is rejected, returning -1), so its
// mutations start from programs and reach the engine, the detectors and the reports far more
// often: that is where virtual time overflows and runs go on too long.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzScenario(Array(UnsafeBufferPointer(start: data, count: size))) ? 0 : -1
}

@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    mutateScenario(data, size, maxSize, seed)
}
