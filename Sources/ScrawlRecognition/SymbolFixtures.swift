import Foundation
import ScrawlEngine

/// Fifteen symbols written as stroke fixtures, two ways each, for measuring how well a personal
/// model learns labels of its own from a few examples (`scrawl evaluate --only symbols`). A
/// simulated writer has a usual way of writing each symbol (and the other one time in five), and
/// a slant and width of their own; every drawing of theirs then varies as handwriting does
/// (``StrokeAugmenter``). These are not the templates the non-digit set draws from.
public enum SymbolFixtures {
    /// The symbols, as their labels.
    public static let labels = ["+", "-", "×", "=", "<", ">", "?", "!", "A", "C", "K", "α", "π", "√", "→"]

    /// Each symbol's ways of writing, as strokes on a 10x10 grid (y down).
    static let ways: [String: [[[(Double, Double)]]]] = [
        "+": [[[(5, 1), (5, 9)], [(1, 5), (9, 5)]], [[(1, 5), (9, 5)], [(5, 1), (5, 9)]]],
        "-": [[[(1, 5), (9, 5)]], [[(1, 5.3), (5, 5), (9, 4.7)]]],
        "×": [[[(1, 1), (9, 9)], [(9, 1), (1, 9)]], [[(8, 2), (2, 8)], [(2, 2), (8, 8)]]],
        "=": [[[(1, 3.5), (9, 3.5)], [(1, 6.5), (9, 6.5)]], [[(1.5, 3), (8.5, 3)], [(1, 6.5), (9, 6)]]],
        "<": [[[(8, 1), (2, 5), (8, 9)]], [[(8, 2), (2, 5)], [(2, 5), (8, 8)]]],
        ">": [[[(2, 1), (8, 5), (2, 9)]], [[(2, 2), (8, 5)], [(8, 5), (2, 8)]]],
        "?": [[[(2, 3), (3, 1.3), (5, 0.8), (7, 1.3), (8, 3), (7, 4.5), (5, 5.5), (5, 7)], [(5, 9), (5, 9.2)]],
              [[(2.5, 2.5), (4, 1), (6.5, 1), (8, 2.5), (7.5, 4), (5.5, 5), (5, 6.5)], [(5, 9)]]],
        "!": [[[(5, 0.5), (5, 6.5)], [(5, 9), (5, 9.2)]], [[(5.5, 0.5), (5, 4), (4.8, 6.5)], [(4.8, 9)]]],
        "A": [[[(1, 9), (5, 1), (9, 9)], [(2.8, 6), (7.2, 6)]], [[(1, 9), (5, 1)], [(5, 1), (9, 9)], [(3, 5.5), (7, 5.5)]]],
        "C": [[[(8, 2), (6.5, 1), (4, 1), (2, 3), (1.5, 5), (2, 7), (4, 9), (6.5, 9), (8, 8)]],
              [[(8.5, 2.5), (7, 1.2), (5, 1), (3, 1.8), (1.8, 3.5), (1.5, 5.5), (2.5, 7.5), (4.5, 8.8), (7, 8.8), (8.5, 7.5)]]],
        "K": [[[(2, 1), (2, 9)], [(8, 1), (2, 5.5), (8, 9)]], [[(2, 1), (2, 9)], [(8, 1), (2.2, 5.5)], [(3.5, 4.5), (8, 9)]]],
        "α": [[[(9, 3), (7, 6), (5, 8.5), (3, 8.5), (1.5, 6.5), (2, 4), (4, 2.5), (6, 3.5), (7, 6), (8, 8.5), (9, 9)]],
              [[(8.5, 2.5), (6.5, 7), (4.5, 8.8), (2.5, 8.3), (1.5, 6), (2.5, 3.5), (4.5, 2.8), (6, 4.5), (7.5, 8), (9, 8.5)]]],
        "π": [[[(1, 2.5), (9, 2.5)], [(3.5, 2.5), (3, 9)], [(6.5, 2.5), (7, 9)]],
              [[(1, 3), (3, 2), (9, 2)], [(3.5, 2.2), (2.5, 9)], [(6.5, 2.2), (6.5, 8), (7.5, 9)]]],
        "√": [[[(1, 6), (2.5, 5), (4, 9), (6, 1), (9.5, 1)]], [[(1.5, 6.5), (3.5, 9), (5.5, 1.5)], [(5.5, 1.5), (9.5, 1.5)]]],
        "→": [[[(1, 5), (9, 5)], [(6, 2.5), (9, 5), (6, 7.5)]], [[(1, 5), (9, 5), (6, 2.5)], [(9, 5), (6, 7.5)]]],
    ]

    /// One writer's drawing of `symbol` (one of ``labels``): the way `writer` usually writes it
    /// (the other way with the chance `otherWay`: one time in five by default, never at 0), in
    /// that writer's hand (``handwritten(_:style:pen:rng:)``).
    public static func drawing(of symbol: String, writer: Int, pen: Double, otherWay: Double = 0.2, rng: inout SeededGenerator) -> Drawing {
        let choices = ways[symbol]!
        var style = SeededGenerator(seed: UInt64(writer) &* 0x9E37_79B9 &+ UInt64(labels.firstIndex(of: symbol)!))
        let usual = Int(style.next() % UInt64(choices.count))
        let way = choices[otherWay > 0 && Double(rng.nextUnit()) < otherWay ? (usual + 1) % choices.count : usual]
        return handwritten(way.map { $0.map { Point($0.0, $0.1) } }, style: style, pen: pen, rng: &rng)
    }

    /// `strokes` (on a 10x10 grid, y down) as one writer writes them: in the slant and width that
    /// `style` gives (the same for every drawing from the same `style`), with a pen `pen` px wide,
    /// 150-450 px tall, and varied afresh from `rng` as each drawing of a person's varies.
    ///
    /// One person's drawings lean less apart than a crowd's: in pendigits the slant of one writer's
    /// drawings of a digit spreads 0.11 (standard deviation, x shift per unit of height), about
    /// what rotation and slant of under half the training augmentation's ranges give, while their
    /// width-to-height ratio spreads as much as the augmentation's.
    public static func handwritten(_ strokes: [[Point]], style: SeededGenerator, pen: Double, rng: inout SeededGenerator) -> Drawing {
        var style = style
        let slant = Double(style.nextUnit()) * 0.4 - 0.2, width = 0.85 + Double(style.nextUnit()) * 0.3
        let slanted = strokes.map { $0.map { Point(($0.x - slant * $0.y) * width / 10, $0.y / 10) } }
        var augmenter = StrokeAugmenter()
        augmenter.maxRotation = 0.12
        augmenter.maxSlant = 0.15
        augmenter.penWidths = pen ... pen
        augmenter.sizes = 150 ... 450
        return augmenter.augment(slanted, label: nil, rng: &rng)
    }
}
