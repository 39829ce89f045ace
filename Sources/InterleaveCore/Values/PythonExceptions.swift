/// Python's built-in exceptions, as far as `except` clauses tell them apart.
public enum PythonExceptions {
    /// Each exception's parent (`KeyError` is a `LookupError`), and those the library's classes
    /// declare (``PythonClass/exceptions``); the ones not listed are `Exception`s.
    static let parents: [String: String] = builtIn.merging(PythonClass.library.flatMap(\.exceptions)) { builtIn, _ in builtIn }

    /// The names of the exceptions the library's classes declare (`BrokenBarrierError`, `Empty`).
    public static let library: [String] = PythonClass.library.flatMap { $0.exceptions.keys.sorted() }

    private static let builtIn: [String: String] = [
        "IndexError": "LookupError", "KeyError": "LookupError",
        "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError",
        "TimeoutError": "OSError", "ConnectionError": "OSError", "BrokenPipeError": "ConnectionError",
        "ConnectionRefusedError": "ConnectionError", "ConnectionResetError": "ConnectionError",
        "FileNotFoundError": "OSError", "RecursionError": "RuntimeError", "NotImplementedError": "RuntimeError",
        "Exception": "BaseException", "KeyboardInterrupt": "BaseException", "SystemExit": "BaseException",
    ]

    /// Whether an exception of kind `raised` is caught by `except handler:`; `classes` are the
    /// program's, whose exception classes derive from the built-in ones or from each other.
    public static func matches(_ raised: String, _ handler: String, classes: [ClassDecl] = []) -> Bool {
        var kind: String? = raised
        var steps = 0
        while let current = kind, steps < 80 {
            if current == handler { return true }
            if let own = classes.first(where: { $0.kind == .exception && $0.name == current }) {
                kind = own.baseName
            } else {
                kind = parents[current] ?? (current == "BaseException" ? nil : "Exception")
            }
            steps += 1
        }
        return false
    }
}
