/// One piece of a number as read: a symbol the model recognized (a digit, or something it calls
/// "not a digit") or a decimal point.
public struct NumberPart: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case symbol
        case decimalPoint
    }

    public var kind: Kind
    /// What the model made of a symbol (nil for a decimal point).
    public var recognition: Recognition?
    /// Where its ink lies, in the coordinates of the drawing or picture read.
    public var box: InkBox
    /// The canvas strokes it is made of, by index (empty when read from a picture).
    public var strokes: [Int]
    /// Its line of writing, 0 being the top one.
    public var line: Int

    public init(kind: Kind, recognition: Recognition?, box: InkBox, strokes: [Int], line: Int = 0) {
        self.kind = kind
        self.recognition = recognition
        self.box = box
        self.strokes = strokes
        self.line = line
    }

    /// Its text: the digit, "." for a decimal point, "?" for something that is not a digit.
    public var text: String {
        guard kind == .symbol, let r = recognition else { return "." }
        return r.answer.map(String.init) ?? "?"
    }

    /// True for a symbol the model reads as one of its digits (false for "not a digit" and for a
    /// decimal point).
    public var isDigit: Bool { kind == .symbol && recognition?.isDigit == true }

    /// True for a symbol read with less confidence than ``NumberReading/doubtfulBelow``.
    public var isDoubtful: Bool {
        guard let r = recognition else { return false }
        return !r.isDigit || r.confidence < NumberReading.doubtfulBelow
    }
}
