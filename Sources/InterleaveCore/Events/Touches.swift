/// What a step touches that another thread's step might too: two steps whose touches are
/// independent give the same result in either order.
public enum Touches: Sendable, Hashable {
    /// Nothing another thread's step reads (scheduling, a finding, a check).
    case nothing
    /// Threads coming and going, the GIL, errors, the end: every other step depends on it.
    case everything
    /// One object, read or written.
    case object(ObjectKind, Int32, write: Bool)
    /// Printed output.
    case output
}
