/// A drawing read as a number: its parts in reading order (lines top to bottom, each left to
/// right), or the reason it could not be read as one.
public struct NumberReading: Equatable, Sendable {
    public var parts: [NumberPart]
    /// Why the drawing was refused (too many separate marks to be writing), nil when it was read.
    public var refusal: String?

    /// A digit read with less confidence than this is marked as doubtful.
    public static let doubtfulBelow: Float = 0.8

    public init(parts: [NumberPart], refusal: String? = nil) {
        self.parts = parts
        self.refusal = refusal
    }

    /// Each line's text, e.g. ["20.26"]; a part that is not a digit is "?".
    public var lines: [String] { Self.lines(parts.map { ($0.text, $0.line) }) }

    /// The whole reading: the lines joined by a space.
    public var text: String { lines.joined(separator: " ") }

    /// The whole reading with the `index`th symbol read as `replacement` (a person's correction).
    public func text(replacingSymbol index: Int, with replacement: String) -> String {
        var pieces = parts.map { ($0.text, $0.line) }
        if let position = parts.indices.filter({ parts[$0].kind == .symbol }).dropFirst(index).first { pieces[position].0 = replacement }
        return Self.lines(pieces).joined(separator: " ")
    }

    private static func lines(_ pieces: [(text: String, line: Int)]) -> [String] {
        var out: [String] = []
        for (text, line) in pieces {
            while out.count <= line { out.append("") }
            out[line] += text
        }
        return out.filter { !$0.isEmpty }
    }

    /// The symbols, without the decimal points.
    public var symbols: [NumberPart] { parts.filter { $0.kind == .symbol } }

    /// The chance that every symbol is right: the product of their confidences.
    public var confidence: Float { symbols.reduce(1) { $0 * ($1.recognition?.confidence ?? 1) } }

    /// True when the drawing holds one symbol and nothing else: it reads exactly as a single digit.
    public var isSingle: Bool { parts.count == 1 && parts[0].kind == .symbol }
}
