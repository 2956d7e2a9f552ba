import Foundation
import ScrawlEngine

/// How well the number reader, which reads everything the window is given, tells a drawing that
/// is no number from digits: ``NonDigits`` drawings (a wave, a heart, a scribble, a letter), each
/// kind in turn, stretched to 2.5-4.5 times their usual width, or as usual (``NonDigitScore``'s
/// set), read from their strokes and as saved pictures. A drawing counts as told apart when no
/// part of its reading is a digit.
public struct NonNumberScore: Sendable {
    /// The set's seeds start here, away from ``NonDigitScore``'s and from training's.
    public static let seedBase: UInt64 = 0x5EED_4E55_0000_0000

    public var total = 0
    /// Drawings read with no digit in them, from their strokes and as saved pictures.
    public var strokesClear = 0, pictureClear = 0
    /// Per kind: drawings read with a digit in them from their strokes, and as pictures, of all.
    public var byKind: [String: (strokes: Int, picture: Int, total: Int)] = [:]
    /// The first 20 drawings read with a digit in them: their index in the set, kind, and
    /// readings from their strokes and as a picture ("" for none).
    public var failures: [(index: Int, kind: String, strokes: String, picture: String)] = []

    public var strokes: Double { total == 0 ? 0 : Double(strokesClear) / Double(total) }
    public var picture: Double { total == 0 ? 0 : Double(pictureClear) / Double(total) }

    /// The `index`-th drawing of the set, and its kind: a wide one, or `wide` false,
    /// ``NonDigitScore``'s.
    public static func drawing(_ index: Int, wide isWide: Bool = true) -> (kind: String, drawing: Drawing) {
        guard isWide else { return NonDigitScore.drawing(index) }
        var wide = NonDigits()
        wide.augmenter.aspectRange = 2.5 ... 4.5
        wide.augmenter.sizes = 300 ... 540
        wide.augmenter.penWidths = 10 ... 30
        let kind = NonDigits.kinds[index % NonDigits.kinds.count]
        var rng = SeededGenerator(seed: seedBase &+ UInt64(index))
        return (kind, wide.drawing(of: kind, rng: &rng))
    }

    public init(reader: NumberReader, count: Int, wide: Bool = true) {
        func holdsDigit(_ reading: NumberReading?) -> Int { reading?.symbols.contains(where: \.isDigit) == true ? 1 : 0 }
        for i in 0 ..< count {
            let (kind, drawing) = Self.drawing(i, wide: wide)
            let (fromStrokes, fromPicture) = (reader.read(drawing), reader.read(ink: Rasterizer.renderInk(drawing)))
            let (inStrokes, inPicture) = (holdsDigit(fromStrokes), holdsDigit(fromPicture))
            if inStrokes + inPicture > 0 && failures.count < 20 {
                failures.append((i, kind, fromStrokes?.text ?? "", fromPicture?.text ?? ""))
            }
            total += 1
            strokesClear += 1 - inStrokes
            pictureClear += 1 - inPicture
            let sums = byKind[kind] ?? (0, 0, 0)
            byKind[kind] = (sums.strokes + inStrokes, sums.picture + inPicture, sums.total + 1)
        }
    }
}
