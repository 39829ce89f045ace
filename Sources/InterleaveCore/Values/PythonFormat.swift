#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Floats as Python shows and computes them.
public enum PythonFloat {
    /// `repr(x)`: the shortest text that reads back as `x` (Swift's `description` is the same
    /// algorithm and spelling: `0.1`, `1e+16`, `1e-05`, `inf`).
    public static func repr(_ x: Double) -> String {
        x.description
    }

    /// `x ** y` for floats.
    public static func power(_ x: Double, _ y: Double) -> Double {
        pow(x, y)
    }

    /// `x` with `digits` digits after the point (Python's `f` format), rounded half to even on the
    /// double's exact value, as CPython rounds it (`2.675` is a little less than 2.675: `2.67`).
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        // Exact to 22 places (the product below stays within 128 bits); zeros after that.
        let places = min(digits, 22)
        var scale: UInt128 = 1
        for _ in 0..<places { scale *= 10 }
        guard abs(x) < 9e18 else {
            // Too large for exact digits here: Python's digits, from the shortest text.
            return digits == 0 ? String(x.rounded()) : x.description
        }
        // x = significand × 2^exponent, exactly; times 10^places, rounded half to even.
        let bits = x.bitPattern
        let exponentBits = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        let significand = UInt128(exponentBits == 0 ? fraction : fraction | 1 << 52)
        let exponent = exponentBits == 0 ? -1074 : exponentBits - 1075
        var scaled: UInt128
        if exponent >= 0 {
            // A whole number (below 2^63): no digits after the point.
            var whole = String(significand << exponent)
            if x.sign == .minus { whole = "-" + whole }
            return digits == 0 ? whole : whole + "." + String(repeating: "0", count: digits)
        } else {
            let product = significand * scale
            let shift = -exponent
            if shift >= 127 {
                scaled = 0
            } else {
                scaled = product >> shift
                let rest = product & ((1 << shift) - 1)
                let half: UInt128 = 1 << (shift - 1)
                if rest > half || (rest == half && scaled & 1 == 1) { scaled += 1 }
            }
        }
        var whole = String(scaled / scale)
        var decimals = String(scaled % scale)
        while decimals.count < places { decimals = "0" + decimals }
        while decimals.count < digits { decimals += "0" }
        if x.sign == .minus { whole = "-" + whole }
        return digits == 0 ? whole : whole + "." + decimals
    }

    /// `x` in scientific notation with `digits` digits after the point (Python's `e` format).
    public static func exponent(_ x: Double, _ digits: Int, upper: Bool = false) -> String {
        guard x.isFinite, x != 0 else {
            return x == 0 ? fixed(0, digits) + (upper ? "E+00" : "e+00") : fixed(x, 0)
        }
        var exponent = 0
        var mantissa = abs(x)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        var text = fixed(mantissa, digits)
        if text.hasPrefix("10") {
            // Rounding carried into a new digit: 9.99 -> 10.0.
            exponent += 1
            text = fixed(mantissa / 10, digits)
        }
        let sign = exponent < 0 ? "-" : "+"
        let power = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return (x < 0 ? "-" : "") + text + (upper ? "E" : "e") + sign + power
    }
}

/// Text as Python shows it.
public enum PythonText {
    /// `repr(text)`: in single quotes unless the text has one and no double quote.
    public static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case quote: out += "\\\(quote)"
            default: out.append(char)
            }
        }
        out.append(quote)
        return out
    }

    /// `repr(data)` of bytes held as UTF-8 text: `b'...'`, each byte outside printable ASCII as `\xNN`.
    public static func bytesRepr(_ text: String) -> String {
        let quote: UInt8 = text.utf8.contains(UInt8(ascii: "'")) && !text.utf8.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out = "b" + String(UnicodeScalar(quote))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\r"): out += "\\r"
            case quote: out += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7F: out.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        out.append(Character(UnicodeScalar(quote)))
        return out
    }
}

/// Python's format mini-language (`format(value, spec)`, `f"{value:spec}"`) and `%` formatting.
public enum PythonFormat {
    /// `value` formatted with `spec` (`>5`, `.2f`, `,`, `08.3f`, `x`, `%`); `text` is its `str()`
    /// (or `repr()` for `!r`). A spec it cannot read shows the text unchanged.
    public static func apply(_ spec: String, to value: Value, text: String) -> String {
        guard !spec.isEmpty, let parsed = Spec(spec) else { return text }
        var body: String
        var negative = false
        let number = value.number
        switch parsed.type {
        case "f", "F", "%", "e", "E", "g", "G":
            guard var x = number else { return text }
            if parsed.type == "%" { x *= 100 }
            negative = x < 0 || (x == 0 && x.sign == .minus)
            let precision = parsed.precision ?? 6
            switch parsed.type {
            case "e", "E": body = PythonFloat.exponent(abs(x), precision, upper: parsed.type == "E")
            case "g", "G": body = general(abs(x), precision)
            default: body = PythonFloat.fixed(abs(x), precision)
            }
            if parsed.type == "%" { body += "%" }
        case "d", "x", "X", "o", "b", "n":
            if case .float = value { return text }
            guard let n = value.integer else { return text }
            negative = n < 0
            let magnitude = n.magnitude
            switch parsed.type {
            case "x": body = String(magnitude, radix: 16)
            case "X": body = String(magnitude, radix: 16, uppercase: true)
            case "o": body = String(magnitude, radix: 8)
            case "b": body = String(magnitude, radix: 2)
            default: body = String(magnitude)
            }
        default:
            // No type: numbers keep their own text, with a precision for floats.
            if case .float(let x) = value {
                negative = x < 0 || (x == 0 && x.sign == .minus)
                body = parsed.precision.map { general(abs(x), $0) } ?? PythonFloat.repr(abs(x))
            } else if let n = value.integer, value != .none, case .int = value {
                negative = n < 0
                body = String(n.magnitude)
            } else {
                body = parsed.precision.map { String(text.prefix($0)) } ?? text
                return pad(body, parsed, numeric: false)
            }
        }
        if let separator = parsed.grouping { body = group(body, separator) }
        let sign = negative ? "-" : (parsed.sign == "+" ? "+" : parsed.sign == " " ? " " : "")
        if parsed.zeroPad && parsed.align == nil, let width = parsed.width, body.count + sign.count < width {
            return sign + String(repeating: "0", count: width - body.count - sign.count) + body
        }
        return pad(sign + body, parsed, numeric: true)
    }

    /// `template % values`: `%s`, `%r`, `%d`, `%i`, `%f`, `%e`, `%g`, `%x`, `%o`, `%%`, with flags
    /// (`-`, `+`, space, `0`), a width and a precision (`%-10s`, `%5d`, `%.2f`); `texts` are the
    /// values' `str()`, `reprs` their `repr()`.
    public static func percent(_ template: String, _ values: [Value], texts: [String], reprs: [String]) -> String {
        var out = ""
        var next = 0
        var chars = Array(template)[...]
        while let char = chars.popFirst() {
            guard char == "%" else { out.append(char); continue }
            var flags = "", width = "", precision: String?
            while let c = chars.first, "-+ 0#".contains(c) { flags.append(c); chars.removeFirst() }
            while let c = chars.first, c.isNumber { width.append(c); chars.removeFirst() }
            if chars.first == "." {
                chars.removeFirst()
                var digits = ""
                while let c = chars.first, c.isNumber { digits.append(c); chars.removeFirst() }
                precision = digits.isEmpty ? "0" : digits
            }
            guard let kind = chars.popFirst() else { out.append("%"); break }
            if kind == "%" { out.append("%"); continue }
            guard next < values.count else { continue }
            let value = values[next], text = texts[next], shown = reprs[next]
            next += 1
            // The same thing in the format mini-language.
            let align = flags.contains("-") ? "<" : ""
            let sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
            let zero = flags.contains("0") && align.isEmpty ? "0" : ""
            let dot = precision.map { "." + $0 } ?? ""
            switch kind {
            case "s", "r":
                out += apply(align + width + dot, to: .none, text: kind == "r" ? shown : text)
            case "d", "i", "u":
                let integer = value.integer.map { Value.int($0) } ?? value
                out += apply(align + sign + zero + width + "d", to: integer, text: text)
            default:
                out += apply(align + sign + zero + width + dot + String(kind), to: value, text: text)
            }
        }
        return out
    }

    /// A parsed spec: `[[fill]align][sign][0][width][,|_][.precision][type]`.
    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character?
        var zeroPad = false
        var width: Int?
        var grouping: Character?
        var precision: Int?
        var type: Character?

        init?(_ spec: String) {
            var chars = Array(spec)
            var i = 0
            let aligns: Set<Character> = ["<", ">", "^", "="]
            if chars.count >= 2, aligns.contains(chars[1]) {
                fill = chars[0]
                align = chars[1]
                i = 2
            } else if let first = chars.first, aligns.contains(first) {
                align = first
                i = 1
            }
            if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
            if i < chars.count, chars[i] == "0" { zeroPad = true; i += 1 }
            var digits = ""
            while i < chars.count, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            if !digits.isEmpty { width = Int(digits).map { min($0, 1_000) } }
            if i < chars.count, chars[i] == "," || chars[i] == "_" { grouping = chars[i]; i += 1 }
            if i < chars.count, chars[i] == "." {
                i += 1
                var precisionDigits = ""
                while i < chars.count, chars[i].isNumber { precisionDigits.append(chars[i]); i += 1 }
                guard let value = Int(precisionDigits) else { return nil }
                precision = min(value, 50)
            }
            if i < chars.count { type = chars[i]; i += 1 }
            guard i == chars.count else { return nil }
            chars.removeAll()
        }
    }

    private static func pad(_ text: String, _ spec: Spec, numeric: Bool) -> String {
        guard let width = spec.width, text.count < width else { return text }
        let gap = width - text.count
        let fill = String(spec.fill)
        switch spec.align ?? (numeric ? ">" : "<") {
        case ">", "=": return String(repeating: fill, count: gap) + text
        case "^":
            let left = gap / 2
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: gap - left)
        default: return text + String(repeating: fill, count: gap)
        }
    }

    private static func group(_ digits: String, _ separator: Character) -> String {
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = ""
        for (index, char) in parts[0].reversed().enumerated() {
            if index > 0 && index % 3 == 0 { whole.append(separator) }
            whole.append(char)
        }
        return String(whole.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Python's `g` format: `precision` significant digits, trailing zeros dropped.
    private static func general(_ x: Double, _ precision: Int) -> String {
        let digits = max(1, precision)
        guard x != 0, x.isFinite else { return x == 0 ? "0" : PythonFloat.fixed(x, 0) }
        var exponent = 0
        var m = x
        while m >= 10 { m /= 10; exponent += 1 }
        while m < 1 { m *= 10; exponent -= 1 }
        var text: String
        if exponent < -4 || exponent >= digits {
            text = PythonFloat.exponent(x, digits - 1)
            if let e = text.firstIndex(where: { $0 == "e" }) {
                var mantissa = String(text[..<e])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                text = mantissa + text[e...]
            }
            return text
        }
        text = PythonFloat.fixed(x, max(0, digits - 1 - exponent))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
