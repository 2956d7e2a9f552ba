import XCTest
import ScrawlEngine
import ScrawlTestSupport
@testable import ScrawlRecognition

/// The "not a digit" training drawings made from parts of numbers: pairs of digits and a digit
/// with a slice of its neighbour.
final class NumberPartsTests: XCTestCase {
    /// The hand-drawn check's digits as pen samples (no shared data needed).
    static let samples: [PenDigits.Sample] = try! HandwritingCheck.shipped().samples.map { s in
        PenDigits.Sample(label: s.digit, writer: 1, strokes: s.strokes.map { $0.map { Point($0[0], $0[1]) } })
    }

    func testComposedDigitsKnowTheirBoxes() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        let number = ComposedNumber.compose(digits: 4, spacing: .touching, decimalPoint: false, from: Self.samples, rng: &rng)
        XCTAssertEqual(number.digitBoxes.count, 4, "seed \(seed)")
        let all = InkBox(around: number.strokes.compactMap { InkBox(inkOf: $0) })!
        let covered = InkBox(around: number.digitBoxes)!
        for (a, b) in [(covered.x0, all.x0), (covered.y0, all.y0), (covered.x1, all.x1), (covered.y1, all.y1)] {
            XCTAssertEqual(a, b, accuracy: 1e-6, "the digits' boxes cover all the ink (seed \(seed))")
        }
        for (a, b) in zip(number.digitBoxes, number.digitBoxes.dropFirst()) {
            XCTAssertLessThan(a.midX, b.midX, "digits left to right (seed \(seed))")
        }
    }

    func testASliceKeepsOneDigitWholeAndPartOfTheOther() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        var dropped = 0
        for _ in 0 ..< 20 {
            let pair = ComposedNumber.compose(digits: 2, spacing: .separated, decimalPoint: false, from: Self.samples, rng: &rng)
            let picture = pair.picture
            for keepingLeft in [true, false] {
                // Nil where too little of the other digit is left beside the kept one.
                guard let slice = NumberParts.sliced(pair, picture: picture, keepingLeft: keepingLeft, share: 0.4) else { dropped += 1; continue }
                let (kept, cut) = keepingLeft ? (pair.digitBoxes[0], pair.digitBoxes[1]) : (pair.digitBoxes[1], pair.digitBoxes[0])
                let column = Int((keepingLeft ? cut.x0 + 0.4 * cut.width : cut.x1 - 0.4 * cut.width).rounded())
                XCTAssertEqual(slice.width, keepingLeft ? column : picture.width - column, "cut at 40% into the other digit (seed \(seed))")
                // The kept digit's columns hold all its ink; the other digit's, part of its.
                let offset = keepingLeft ? 0 : column
                let keptColumns = Int(kept.x0.rounded(.down)) ..< Int(kept.x1.rounded(.up))
                let cutColumns = Int(cut.x0.rounded(.down)) ..< Int(cut.x1.rounded(.up))
                let keptInSlice = (keptColumns.lowerBound - offset) ..< (keptColumns.upperBound - offset)
                XCTAssertEqual(slice.ink(inColumns: keptInSlice), picture.ink(inColumns: keptColumns), accuracy: 1,
                               "the kept digit is whole (seed \(seed))")
                let cutInSlice = (cutColumns.lowerBound - offset) ..< (cutColumns.upperBound - offset)
                let share = slice.ink(inColumns: cutInSlice) / picture.ink(inColumns: cutColumns)
                XCTAssertGreaterThan(share, 0.2, "a slice of the other digit is kept (seed \(seed))")
                XCTAssertLessThan(share, 0.95, "only a slice of the other digit is kept (seed \(seed))")
            }
        }
        XCTAssertLessThan(dropped, 20, "most slices keep enough of the other digit to be used (seed \(seed))")
    }

    func testInputsAreMadeAfreshFromTheSeedAlone() {
        let seed = TestSeed.make()
        let parts = NumberParts(samples: Self.samples)
        for raster in [false, true] {
            var a = SeededGenerator(seed: seed), b = SeededGenerator(seed: seed)
            let first = parts.input(raster: raster, rng: &a), again = parts.input(raster: raster, rng: &b)
            XCTAssertNotNil(first, "seed \(seed)")
            XCTAssertEqual(first, again, "the same seed gives the same drawing (seed \(seed))")
            XCTAssertEqual(first?.count, 784)
            XCTAssertGreaterThan(first?.reduce(0, +) ?? 0, 10, "there is ink (seed \(seed))")
        }
        var rng = SeededGenerator(seed: seed)
        XCTAssertNil(NumberParts(samples: []).input(raster: true, rng: &rng), "no pen samples, no number parts")
    }
}
