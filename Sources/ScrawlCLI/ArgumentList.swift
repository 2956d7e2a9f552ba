/// A command's arguments: `--name value`, `--name=value`, boolean `--flag`s and positionals.
struct ArgumentList {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `valued` names the options that take a value, `boolean` the flags.
    init(_ arguments: [String], valued: Set<String>, boolean: Set<String>) throws {
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if boolean.contains(name) {
                guard inline == nil else { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if let inline { values[name] = inline; continue }
                guard i < arguments.count else { throw UsageError(description: "--\(name) needs a value") }
                values[name] = arguments[i]
                i += 1
            } else {
                throw UsageError(description: "unknown option --\(name)")
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func string(_ name: String) -> String? { values[name] }

    /// The whole number given for `--name`, nil when it was not given.
    func int(_ name: String, range: ClosedRange<Int> = 0 ... Int.max) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw UsageError(description: "--\(name) needs a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int> = 0 ... Int.max) throws -> Int {
        try int(name, range: range) ?? value
    }

    /// The positive number given for `--name`, nil when it was not given.
    func float(_ name: String) throws -> Float? {
        guard let text = values[name] else { return nil }
        guard let v = Float(text), v.isFinite, v > 0 else { throw UsageError(description: "--\(name) needs a positive number, got '\(text)'") }
        return v
    }

    func float(_ name: String, default value: Float) throws -> Float {
        try float(name) ?? value
    }
}
