import Foundation
import XCTest
@testable import ScrawlRecognition
import ScrawlEngine

/// The shipped model says "not a digit" to clear non-digits drawn here by hand (not taken from the
/// generator it trained on) and reads clear digits as digits.
final class RejectionTests: XCTestCase {
    func drawing(_ strokes: [[(Double, Double)]], width: Double = 22) -> Drawing {
        Drawing(strokes: strokes.map { Stroke(points: $0.map { Point(100 + 3.5 * $0.0, 100 + 3.5 * $0.1) }, width: width) })
    }

    func circle(_ cx: Double, _ cy: Double, _ r: Double, from a: Double = 0, to b: Double = 2 * .pi, steps: Int = 40) -> [(Double, Double)] {
        (0 ... steps).map { i in
            let t = a + (b - a) * Double(i) / Double(steps)
            return (cx + r * cos(t), cy + r * sin(t))
        }
    }

    func testClearNonDigitsAreRejected() throws {
        let recognizer = try Recognizer(modelPath: nil)
        XCTAssertTrue(recognizer.rejects, "the shipped model has a \"not a digit\" output")
        // A tangle: a Lissajous figure with many crossings.
        let scribble = [(0 ... 200).map { i -> (Double, Double) in
            let t = Double(i) / 200 * 2 * .pi
            return (50 + 45 * sin(5 * t + 0.3), 50 + 45 * sin(7 * t))
        }]
        let letterA = [[(10.0, 100.0), (50, 0), (90, 100)], [(28.0, 60.0), (72, 60)]]
        let smiley = [circle(50, 50, 48), [(34.0, 35.0)], [(66.0, 35.0)], circle(50, 52, 28, from: 0.2 * .pi, to: 0.8 * .pi, steps: 16)]
        let letterH = [[(15.0, 0.0), (15, 100)], [(85.0, 0.0), (85, 100)], [(15.0, 50.0), (85, 50)]]
        let star = [[(50.0, 0.0), (79, 90), (2, 35), (98, 35), (21, 90), (50, 0)]]
        for (name, strokes) in [("scribble", scribble), ("A", letterA), ("smiley", smiley), ("H", letterH), ("star", star)] {
            for width in [12.0, 30] {
                let r = try XCTUnwrap(recognizer.recognize(drawing(strokes, width: width)))
                XCTAssertFalse(r.isDigit, String(format: "%@ at pen %.0f read as %d (%.1f%%, not a digit %.1f%%)", name, width, r.digit,
                                                 r.probabilities[r.digit] * 100, r.notADigitProbability * 100))
            }
        }
    }

    func testClearDigitsAreAcceptedAndRead() throws {
        let recognizer = try Recognizer(modelPath: nil)
        let check = try HandwritingCheck.shipped()
        for sample in check.samples where sample.style == 1 {
            let r = try XCTUnwrap(recognizer.recognize(HandwritingCheck.drawing(of: sample, size: 250, width: 20, x: 150, y: 150)))
            XCTAssertEqual(r.answer, sample.digit, String(format: "digit %d read as %@ (not a digit %.1f%%)", sample.digit,
                                                          r.answer.map(String.init) ?? "not a digit", r.notADigitProbability * 100))
        }
    }
}
