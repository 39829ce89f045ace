/// Event values as older streams held them (an int), as tests write them, and from engine values.
extension EventValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }

    /// A value of a stream older than vocabulary 7, where every value was an int.
    public init(legacy value: Int64) { self = .int(value) }

    /// The value as a stream older than vocabulary 7 holds it: an int (a truth value as 0 or 1, a
    /// float cut towards zero, anything else 0).
    public var legacy: Int64 {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .float(let bits):
            let x = Double(bitPattern: bits)
            return x.isFinite && abs(x) < 9.2e18 ? Int64(x) : 0
        case .none, .shown: return 0
        }
    }

    /// The value as an int, if it is one (or a truth value).
    public var integer: Int64? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }
}

extension EventValue {
    /// A value held directly (a declaration's initial value: a number, a truth value or None);
    /// one on a heap has no text without its machine, and reads as `...`.
    public init(_ value: Value) {
        switch value {
        case .int(let n): self = .int(n)
        case .float(let x): self = .float(bits: x.bitPattern)
        case .bool(let b): self = .bool(b)
        case .none: self = .none
        default: self = .shown("...")
        }
    }
}
