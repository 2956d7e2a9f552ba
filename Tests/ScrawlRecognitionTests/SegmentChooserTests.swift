import XCTest
@testable import ScrawlRecognition

/// Choosing how to group pieces of ink into symbols, with the model's answers given.
final class SegmentChooserTests: XCTestCase {
    /// `digit` read with `confidence`, the rest spread evenly over the other digits.
    func reading(_ digit: Int, _ confidence: Float) -> Recognition {
        var p = [Float](repeating: (1 - confidence) / 9, count: 10)
        p[digit] = confidence
        return Recognition(digit: digit, probabilities: p, input: [])
    }

    /// The digits chosen for one piece of ink cut in two (`left`, `right`), read whole as `whole`
    /// and as its slices `slices`.
    func chosen(_ left: InkBox, _ right: InkBox, pieceWidth: Double, height: Double,
                whole: Recognition, slices: (Recognition, Recognition)) -> [Int] {
        let items = [left, right].map { SegmentChooser.Item(box: $0, piece: 0, pieceWidth: pieceWidth) }
        return SegmentChooser().choose(items, height: height) { groups in
            groups.map { $0.count == 2 ? whole : $0.lowerBound == 0 ? slices.0 : slices.1 }
        }.map(\.1.digit)
    }

    /// A flagged 1 sliced where its ink is thinnest: the flag's curl, a third of the line tall,
    /// reads as a sure 6 and the rest as a sure 7, and the whole as a doubtful 1.
    /// The curl is part of the 1, not a digit; the same pieces a line tall are two digits.
    func testASliceFarShorterThanTheLineIsNoSymbolOfItsOwn() {
        func choose(_ left: InkBox, _ right: InkBox, pieceWidth: Double) -> [Int] {
            chosen(left, right, pieceWidth: pieceWidth, height: 130, whole: reading(1, 0.57), slices: (reading(6, 0.9), reading(7, 0.89)))
        }
        XCTAssertEqual(choose(InkBox(x0: 0, y0: 30, x1: 15, y1: 70), InkBox(x0: 15, y0: 0, x1: 100, y1: 130), pieceWidth: 0.8), [1])
        XCTAssertEqual(choose(InkBox(x0: 0, y0: 10, x1: 60, y1: 120), InkBox(x0: 60, y0: 0, x1: 130, y1: 130), pieceWidth: 1), [6, 7],
                       "slices a line tall, each read surely, are two digits")
    }

    /// A 2 with a long tail, 1.6 line heights wide, in one piece: read whole it is a sure 2, cut
    /// where its ink is thinnest a sure 6 (the loop) and a sure 2 (the tail). Writers draw 2s that
    /// wide, so the whole is one digit; ink far wider than any 2 read whole as one is two digits.
    func testADigitAsWideAsWritersDrawItIsNotCutInTwo() {
        func choose(width: Double) -> [Int] {
            let cut = width * 0.47
            return chosen(InkBox(x0: 0, y0: 0, x1: cut, y1: 100), InkBox(x0: cut, y0: 0, x1: width, y1: 100), pieceWidth: width / 100,
                          height: 100, whole: reading(2, 0.999), slices: (reading(6, 0.977), reading(2, 0.999)))
        }
        XCTAssertEqual(choose(width: 160), [2])
        XCTAssertEqual(choose(width: 200), [6, 2], "wider than any 2 writers drew")
    }

    /// A round blot a line height wide, cut into four slices each a sure 1 (and any other part of
    /// it no digit): every cut severs nearly the blot's whole height of ink, which no cut between
    /// two touching digits does, so the blot stays whole ("not a digit"). The same slices parted
    /// where little ink is severed are four digits.
    func testABlotIsNotCutIntoOnes() {
        let height = 120.0
        let notADigit = Recognition(digit: 0, probabilities: [Float](repeating: 0.001, count: 10), notADigitProbability: 0.99, input: [])
        func choose(severed: [Double]) -> [Recognition] {
            let items = (0 ..< 4).map { k in
                SegmentChooser.Item(box: InkBox(x0: Double(k) * 30, y0: 0, x1: Double(k + 1) * 30, y1: height), piece: 0,
                                    pieceWidth: 1, cutSevers: k == 0 ? 0 : severed[k - 1])
            }
            return SegmentChooser().choose(items, height: height) { groups in
                groups.map { $0.count == 1 ? self.reading(1, 0.999) : notADigit }
            }.map(\.1)
        }
        XCTAssertEqual(choose(severed: [0.86, 1, 0.86]), [notADigit])
        XCTAssertEqual(choose(severed: [0.1, 0.1, 0.1]).map(\.digit), [1, 1, 1, 1], "cuts severing little ink part digits")
    }
}
