import InterleaveCore

/// `logging`, as a threading program uses it: `basicConfig(level=, format=)` once at the top, and
/// `logging.debug(...)` to `critical(...)`, each a printed line in the configured format (where
/// `%(threadName)s` shows the thread, which is what logging is for in a threaded program).
extension PythonCompiler {
    /// The logging levels, by their names in the module.
    static let loggingLevels: [String: Int64] = ["DEBUG": 10, "INFO": 20, "WARNING": 30, "WARN": 30, "ERROR": 40, "CRITICAL": 50, "FATAL": 50]

    /// What `%(field)s` of a logging format can show here.
    static let loggingFields = ["message", "threadName", "levelname", "name", "thread", "levelno", "relativeCreated"]

    /// Reads the top-level `logging.basicConfig(level=..., format=...)`, if the program has one
    /// (also in the top level's `if` blocks: `if __name__ == "__main__":`).
    func readLoggingConfig(_ statements: [Statement]) {
        for statement in PythonCompiler.topLevelBlocks(statements) {
            // `log.setLevel(logging.DEBUG)` on a logger bound at the top: its own level.
            if case .expression(let expression) = statement.kind, case .call(let callee, let arguments) = expression.kind,
               case .attribute(let base, "setLevel", _) = callee.kind, case .name(let variable) = base.kind,
               let logger = loggers[variable] {
                loggingConfigs.insert(expression.span.start)
                guard arguments.count == 1, arguments[0].label == nil, let level = loggingLevel(arguments[0].value) else {
                    error(at: expression.span, "setLevel() takes a level written out, such as logging.DEBUG or 10")
                    continue
                }
                loggerLevels[logger] = level == 0 ? nil : level
                continue
            }
            guard case .expression(let expression) = statement.kind, case .call(let callee, let arguments) = expression.kind,
                  qualifiedName(callee) == "logging.basicConfig" else { continue }
            loggingConfigs.insert(expression.span.start)
            for argument in arguments {
                switch argument.label {
                case "level":
                    if let level = loggingLevel(argument.value) {
                        logLevel = level
                    } else {
                        error(at: argument.value.span, "level= takes a level written out, such as logging.INFO or 20")
                    }
                case "format":
                    guard case .string(let pieces, let holes) = argument.value.kind, holes.isEmpty else {
                        error(at: argument.value.span, "format= takes text written out, such as \"%(threadName)s: %(message)s\"")
                        continue
                    }
                    logFormat = pieces.map { if case .text(let text) = $0 { text } else { "" } }.joined()
                case "stream", "force", "datefmt":
                    break       // the output is the run's
                default:
                    error(at: argument.labelSpan ?? argument.value.span,
                          "Interleave reads basicConfig's level= and format= only", hint: "log to the run's output: basicConfig(level=logging.INFO)")
                }
            }
        }
    }

    /// `logger.info(...)` and the like on a logger bound at the top (`logger = logging.getLogger(__name__)`);
    /// false when `base.name` is no such call.
    func loggerCall(_ base: Expression, _ method: String, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                    _ c: inout PythonContext) -> Bool {
        guard case .name(let variable) = base.kind, c.locals[variable] == nil, let logger = loggers[variable] else { return false }
        let levels: [String: (Int64, String)] = [
            "debug": (10, "DEBUG"), "info": (20, "INFO"), "warning": (30, "WARNING"), "error": (40, "ERROR"),
            "exception": (40, "ERROR"), "critical": (50, "CRITICAL"),
        ]
        if method == "setLevel" {
            // Read when the file is compiled (above); anywhere else it would change the level as the program runs.
            if !loggingConfigs.contains(span.start) {
                error(at: span, "Interleave reads a logger's setLevel(...) when it is a statement at the top of the file (or in an if block there)",
                      hint: "move it to the top of the file, after \(variable) = logging.getLogger(...)")
            }
            f.emit(.push(.none))
            return true
        }
        guard let (level, name) = levels[method] else {
            error(at: span, "Interleave's loggers have debug(), info(), warning(), error(), exception(), critical() and setLevel() only")
            f.emit(.push(.none))
            return true
        }
        log(level, name, arguments, logger: logger, at: span, &f, &c)
        return true
    }

    /// A level written out: `logging.INFO`, `INFO` imported from logging, or a number.
    func loggingLevel(_ expression: Expression) -> Int64? {
        if case .integer(let n) = expression.kind { return n }
        guard let qualified = qualifiedName(expression), qualified.hasPrefix("logging.") else { return nil }
        return PythonCompiler.loggingLevels[String(qualified.dropFirst("logging.".count))]
    }

    /// `logging.info(message, *args)` and its siblings: a printed line unless the level is below
    /// the configured one.
    func log(_ level: Int64, _ levelName: String, _ arguments: [Argument], logger: String = "root", at span: Span,
             _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard let message = arguments.first, message.label == nil else {
            error(at: span, "logging.\(levelName.lowercased())() needs its message")
            return f.emit(.push(.none))
        }
        let rest = arguments.dropFirst()
        if let keyword = rest.first(where: { $0.label != nil && $0.label != "exc_info" && $0.label != "stack_info" }) {
            error(at: keyword.labelSpan ?? keyword.value.span, "logging takes no keyword '\(keyword.label!)' here")
            return f.emit(.push(.none))
        }
        let values = rest.filter { $0.label == nil }
        // A logger's own level, else the root's (basicConfig's), as Python's effective level.
        guard level >= (loggerLevels[logger] ?? logLevel) else {
            // Below the level: nothing is printed, but the arguments are evaluated, as in Python.
            for argument in arguments {
                value(argument.value, &f, &c)
                f.emit(.pop)
            }
            return f.emit(.push(.none))
        }
        var pieces: [PrintFormat.Piece] = []
        let format = Array(logFormat)
        var literal = ""
        var i = 0
        while i < format.count {
            // `%%` is a percent sign; `%(field)` then a conversion, `s` or `d`, perhaps with a width.
            if format[i] == "%", i + 1 < format.count, format[i + 1] == "%" {
                literal.append("%")
                i += 2
                continue
            }
            guard format[i] == "%", i + 1 < format.count, format[i + 1] == "(",
                  let close = format[(i + 2)...].firstIndex(of: ")") else {
                literal.append(format[i])
                i += 1
                continue
            }
            let field = String(format[(i + 2)..<close])
            var after = close + 1
            var flags = ""
            while after < format.count, "-0123456789".contains(format[after]) {
                flags.append(format[after])
                after += 1
            }
            if after < format.count { after += 1 }
            i = after
            pieces.append(.text(literal))
            literal = ""
            switch field {
            case "message":
                value(message.value, &f, &c)
                if !values.isEmpty {
                    for argument in values { value(argument.value, &f, &c) }
                    f.emit(.buildTuple(Int32(values.count)))
                    f.emit(.binary(.modulo))
                }
            case "threadName":
                f.emit(.currentThread)
                f.emit(.attribute(.name))
            case "thread":
                f.emit(.currentThread)
                f.emit(.attribute(.ident))
            case "levelname": f.emit(.push(builder.text(levelName)))
            case "levelno": f.emit(.push(.int(level)))
            case "name": f.emit(.push(builder.text(logger)))
            case "relativeCreated":
                f.emit(.clock)
                f.emit(.push(.int(1000)))
                f.emit(.binary(.multiply))
            default:
                error(at: span, "Interleave's logging formats show \(PythonCompiler.loggingFields.map { "%(\($0))s" }.joined(separator: ", ")), not %(\(field))",
                      hint: "basicConfig(format=\"%(threadName)s: %(message)s\")")
                f.emit(.push(.none))
            }
            let width = flags.filter(\.isNumber)
            pieces.append(width.isEmpty ? .value : .formatted(spec: (flags.hasPrefix("-") ? "<" : ">") + width, repr: false))
        }
        pieces.append(.text(literal))
        f.emit(.print(builder.addFormat(PrintFormat(pieces))))
        f.emit(.push(.none))
    }
}
