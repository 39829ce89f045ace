import InterleaveCore

/// A JSON value written in the order it is built (for documented, stable key order).
public indirect enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// A float as Python writes it (`0.1`, `1e+16`); not a number, or infinite, is `null`.
    case float(Double)
    /// `value / 10^scale`, written exactly: `.decimal(12345, scale: 3)` is `12.345`.
    case decimal(UInt64, scale: Int)
    case string(String)
    case array([JSON])
    /// Keys in order.
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .uint(let value): out += String(value)
        case .float(let value): out += value.isFinite ? PythonFloat.repr(value) : "null"
        case .decimal(let value, let scale):
            var divisor: UInt64 = 1
            for _ in 0..<max(0, scale) { divisor *= 10 }
            let fraction = String(value % divisor)
            out += String(value / divisor)
            if scale > 0 { out += "." + String(repeating: "0", count: scale - fraction.count) + fraction }
        case .string(let value): JSON.quote(value, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSON.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
