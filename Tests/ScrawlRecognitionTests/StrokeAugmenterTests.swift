import Foundation
import XCTest
@testable import ScrawlRecognition
import ScrawlEngine
import ScrawlTestSupport

/// Stroke augmentation keeps every inked pixel on the canvas and follows from its seed alone.
final class StrokeAugmenterTests: XCTestCase {
    /// A 1 with a long stem, a 7, and a two-stroke 4, in tablet-like units.
    let samples: [(label: Int, strokes: [[Point]])] = [
        (1, [[Point(50, 0), Point(52, 40), Point(53, 80), Point(54, 120)]]),
        (7, [[Point(0, 0), Point(60, 0), Point(40, 50), Point(25, 110)]]),
        (4, [[Point(30, 0), Point(0, 60), Point(70, 60)], [Point(55, 20), Point(50, 120)]]),
    ]

    func testInkStaysInsideTheCanvas() {
        let seed = TestSeed.make()
        let augmenter = StrokeAugmenter()
        for k in 0 ..< 600 {
            var rng = SeededGenerator(seed: seed &+ UInt64(k))
            let (label, strokes) = samples[k % samples.count]
            let drawing = augmenter.augment(strokes, label: label, rng: &rng)
            XCTAssertFalse(drawing.strokes.isEmpty)
            for stroke in drawing.strokes {
                XCTAssertTrue(augmenter.penWidths.contains(stroke.width))
                for p in stroke.points {
                    let r = stroke.width / 2
                    let inside = p.x - r >= 0 && p.y - r >= 0 && p.x + r <= Double(Drawing.side) && p.y + r <= Double(Drawing.side)
                    if !inside { return XCTFail("ink off the canvas at \(p), pen \(stroke.width) (SCRAWL_TEST_SEED=\(seed), case \(k))") }
                }
            }
        }
        // The same holds for the non-digit kinds, each made from its own template.
        for (k, kind) in NonDigits.kinds.enumerated() {
            var rng = SeededGenerator(seed: seed &+ UInt64(k))
            let drawing = NonDigits().drawing(of: kind, rng: &rng)
            XCTAssertFalse(drawing.isEmpty, kind)
            let outside = drawing.strokes.contains { s in s.points.contains { min($0.x, $0.y) < s.width / 2 || max($0.x, $0.y) > Double(Drawing.side) - s.width / 2 } }
            XCTAssertFalse(outside, "\(kind) off the canvas (SCRAWL_TEST_SEED=\(seed))")
        }
    }

    func testTheSeedDecidesEverything() {
        let augmenter = StrokeAugmenter()
        func make(_ seed: UInt64) -> Drawing {
            var rng = SeededGenerator(seed: seed)
            return augmenter.augment(samples[2].strokes, label: 4, rng: &rng)
        }
        XCTAssertEqual(make(42).strokes, make(42).strokes)
        XCTAssertNotEqual(make(42).strokes, make(43).strokes)
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        XCTAssertEqual(NonDigits().drawing(rng: &a).strokes, NonDigits().drawing(rng: &b).strokes)
    }

    func testStyleVariantsAddStrokesToOnesAndSevens() {
        var augmenter = StrokeAugmenter()
        augmenter.styleChance = 1
        var rng = SeededGenerator(seed: 1)
        let unit = StrokeAugmenter.unitBox(samples[0].strokes)
        let stick = augmenter.styled(unit, label: 1, rng: &rng)
        XCTAssertEqual(stick.count, 1, "a plain stick")
        XCTAssertEqual(stick[0].first?.y, StrokeAugmenter.bounds(unit).1, "from the top")
        XCTAssertEqual(stick[0].last?.y, StrokeAugmenter.bounds(unit).3, "to the foot")
        let xs = stick[0].map(\.x)
        XCTAssertEqual(xs[3], (xs[0] + xs[6]) / 2, accuracy: 1e-9, "straight")
        augmenter.styleChance = 0.6   // some seeds pass the stick (tried first) and take the flag and the base
        var flagged: [[Point]] = []
        for seed in 0 ..< 200 where flagged.count != 3 {
            var r = SeededGenerator(seed: UInt64(seed))
            flagged = augmenter.styled(unit, label: 1, rng: &r)
        }
        XCTAssertEqual(flagged.count, 3, "a flag before the stem and a base")
        augmenter.styleChance = 1
        XCTAssertEqual(augmenter.styled(StrokeAugmenter.unitBox(samples[1].strokes), label: 7, rng: &rng).count, 2, "a crossbar")
        XCTAssertEqual(augmenter.styled(StrokeAugmenter.unitBox(samples[2].strokes), label: 4, rng: &rng).count, 2, "4 unchanged")
        let zero = [(0 ... 20).map { i in Point(cos(Double(i) / 20 * 2 * .pi), 1.5 * sin(Double(i) / 20 * 2 * .pi)) }]
        augmenter.styleChance = 2   // the slash comes at half the chance
        XCTAssertEqual(augmenter.styled(StrokeAugmenter.unitBox(zero), label: 0, rng: &rng).count, 2, "a slash through the 0")
    }
}
