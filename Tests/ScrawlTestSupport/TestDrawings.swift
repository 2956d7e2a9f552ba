import ScrawlEngine
import ScrawlRecognition

/// Drawings tests teach and read.
public enum TestDrawings {
    /// A λ, which the shipped model reads as no digit, in the hand of the writer `style` stands
    /// for, varied from `rng` as each of their drawings varies (``SymbolFixtures/handwritten(_:style:pen:rng:)``).
    public static func lambda(_ style: SeededGenerator, _ rng: inout SeededGenerator) -> Drawing {
        SymbolFixtures.handwritten([[Point(1.5, 0), Point(5, 5), Point(8.5, 10)], [Point(5, 5), Point(1, 10)]], style: style, pen: 22, rng: &rng)
    }
}
