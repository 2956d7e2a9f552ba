import Foundation
import ScrawlEngine

/// How well a model reads whole numbers composed from real pen trajectories (``ComposedNumber``):
/// the share read exactly right, through the canvas's strokes and through the saved picture.
public struct NumberScore: Sendable {
    public var total = 0
    public var strokesRight = 0, pictureRight = 0
    /// For one-digit numbers: how many the single-digit path reads right, for comparison.
    public var singleStrokesRight = 0, singlePictureRight = 0
    /// Some of the numbers read wrongly: what they say and what was read (strokes path first).
    public var failures: [(truth: String, strokes: String, picture: String, number: ComposedNumber)] = []

    public var strokes: Double { total == 0 ? 0 : Double(strokesRight) / Double(total) }
    public var picture: Double { total == 0 ? 0 : Double(pictureRight) / Double(total) }
    public var singleStrokes: Double { total == 0 ? 0 : Double(singleStrokesRight) / Double(total) }
    public var singlePicture: Double { total == 0 ? 0 : Double(singlePictureRight) / Double(total) }

    /// The seed of `scrawl evaluate --only numbers`' first kind of number (the k-th kind: + k).
    public static let evaluationSeed: UInt64 = 0x4E55_4D42

    /// Reads `count` numbers of `digits` digits (the lengths taken in turn), each by one writer of `samples` chosen in turn.
    public init(reader: NumberReader, samples: [PenDigits.Sample], count: Int, digits: ClosedRange<Int>,
                spacing: ComposedNumber.Spacing, decimalPoints: Bool, seed: UInt64) {
        let writers = Dictionary(grouping: samples, by: \.writer)
        guard !writers.isEmpty else { return }
        for i in 0 ..< count {
            let number = Self.number(i, byWriter: writers, digits: digits, spacing: spacing, decimalPoints: decimalPoints, seed: seed)
            let (drawing, ink) = (number.drawing, number.picture)
            let strokes = reader.read(drawing)?.text ?? ""
            let picture = reader.read(ink: ink)?.text ?? ""
            if number.text.count == 1 {
                if reader.recognizer.recognize(drawing)?.answer.map(String.init) == number.text { singleStrokesRight += 1 }
                if reader.recognizer.recognize(ink: ink)?.answer.map(String.init) == number.text { singlePictureRight += 1 }
            }
            total += 1
            if strokes == number.text { strokesRight += 1 }
            if picture == number.text { pictureRight += 1 }
            if (strokes != number.text || picture != number.text) && failures.count < 20 {
                failures.append((number.text, strokes, picture, number))
            }
        }
    }

    /// The `i`-th number of a score's set: written by the writers of `byWriter` in turn (in their
    /// order), its length taken in turn from `digits`, a decimal point in every third when asked.
    public static func number(_ i: Int, byWriter: [Int: [PenDigits.Sample]], digits: ClosedRange<Int>, spacing: ComposedNumber.Spacing,
                              decimalPoints: Bool, seed: UInt64) -> ComposedNumber {
        let order = byWriter.keys.sorted()
        var rng = SeededGenerator(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        return ComposedNumber.compose(digits: digits.lowerBound + i % digits.count, spacing: spacing, decimalPoint: decimalPoints && i % 3 == 0,
                                      from: byWriter[order[i % order.count]]!, rng: &rng)
    }
}
