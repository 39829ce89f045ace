/// An integer expression for ``FunctionBuilder``: compiled to stack code where it is used.
///
/// Reading a shared variable is a visible step of its own, as in CPython, so `.shared(x) + 1`
/// read by one thread can interleave with another thread's write.
public indirect enum Expr: Sendable, Hashable, ExpressibleByIntegerLiteral {
    case constant(Int64)
    case local(Local)
    case shared(SharedVariable)
    case threadLocal(ThreadLocalVariable)
    case binary(BinaryOperator, Expr, Expr)
    case unary(UnaryOperator, Expr)
    case flagIsSet(FlagRef)
    case isAlive(Expr)
    /// The value a call returns.
    case call(FunctionRef, [Expr])
    /// The length of the list in a local.
    case length(Local)

    public init(integerLiteral value: Int64) { self = .constant(value) }

    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.subtract, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.multiply, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { .binary(.divide, a, b) }
    public static func % (a: Expr, b: Expr) -> Expr { .binary(.modulo, a, b) }
    public static func == (a: Expr, b: Expr) -> Expr { .binary(.equal, a, b) }
    public static func != (a: Expr, b: Expr) -> Expr { .binary(.notEqual, a, b) }
    public static func < (a: Expr, b: Expr) -> Expr { .binary(.less, a, b) }
    public static func <= (a: Expr, b: Expr) -> Expr { .binary(.lessOrEqual, a, b) }
    public static func > (a: Expr, b: Expr) -> Expr { .binary(.greater, a, b) }
    public static func >= (a: Expr, b: Expr) -> Expr { .binary(.greaterOrEqual, a, b) }
    public static func && (a: Expr, b: Expr) -> Expr { .binary(.and, a, b) }
    public static func || (a: Expr, b: Expr) -> Expr { .binary(.or, a, b) }
    public static prefix func ! (a: Expr) -> Expr { .unary(.not, a) }
    public static prefix func - (a: Expr) -> Expr { .unary(.negate, a) }
}
