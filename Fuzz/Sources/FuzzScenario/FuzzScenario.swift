import FuzzSupport

// libFuzzer target for the scenario front end and what follows it: every input is compiled, and
// run when it compiles (FuzzSupport/ScenarioRun.swift). Inputs that don't compile stay in the
// corpus, so the lexer's, the parser's and the compiler's error paths are explored in depth.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzScenario(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    mutateScenario(data, size, maxSize, seed)
}
