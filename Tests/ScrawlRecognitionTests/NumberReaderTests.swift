import XCTest
import ScrawlEngine
import ScrawlTestSupport
@testable import ScrawlRecognition

/// Reading whole numbers: grouping strokes, merging and splitting pieces of a picture, reading
/// order, decimal points, and the odd drawings people make.
final class NumberReaderTests: XCTestCase {
    static let check = try! HandwritingCheck.shipped()
    static let reader = NumberReader(recognizer: try! Recognizer(modelPath: nil))

    /// The strokes of the hand-drawn `digit` (a style), its box `height` px tall with its top-left
    /// at (`x`, `y`).
    func digit(_ digit: Int, style: Int = 0, x: Double, y: Double, height: Double = 120, pen: Double = 12) -> [Stroke] {
        let sample = Self.check.samples.first { $0.digit == digit && $0.style == style }!
        return HandwritingCheck.drawing(of: sample, size: height, width: pen, x: x, y: y).strokes
    }

    /// Digits written left to right, `gap` px apart (box to box), along a baseline rising by
    /// `slope` px per px.
    func number(_ digits: [Int], style: Int = 0, gap: Double = 30, slope: Double = 0) -> [Stroke] {
        var strokes: [Stroke] = [], x = 20.0
        for d in digits {
            let placed = digit(d, style: style, x: x, y: 200 - x * slope)
            let box = Self.box(placed)
            let moved = placed.map { $0.moved(dx: x - box.x0, dy: 0) }
            strokes += moved
            x += box.width + gap
        }
        return strokes
    }

    static func box(_ strokes: [Stroke]) -> InkBox {
        InkBox(around: strokes.compactMap { InkBox(inkOf: $0) })!
    }

    /// The strokes as a saved picture shows them.
    func picture(_ strokes: [Stroke]) -> GrayImage {
        let box = Self.box(strokes)
        return Rasterizer.renderInk(strokes, width: Int(box.x1) + 20, height: Int(box.y1) + 20)
    }

    func testDigitsSideBySideAreReadFromStrokesAndPicture() {
        // 4, 5 and 7 of these styles are two or three strokes each.
        for (digits, style) in [([4, 5, 7, 1], 0), ([2, 0, 2, 6], 0), ([9, 8, 3], 1), ([4, 5, 9], 2)] {
            let strokes = number(digits, style: style)
            let text = digits.map(String.init).joined()
            XCTAssertEqual(Self.reader.read(Drawing(strokes: strokes))?.text, text, "strokes, style \(style)")
            XCTAssertEqual(Self.reader.read(ink: picture(strokes))?.text, text, "picture, style \(style)")
        }
    }

    func testEachDigitKeepsItsOwnStrokes() throws {
        // Style 0: the 4 is two strokes, the 5 three, the 1 one.
        let four = digit(4, x: 20, y: 200), five = digit(5, x: 190, y: 200), one = digit(1, x: 360, y: 200)
        let reading = try XCTUnwrap(Self.reader.read(Drawing(strokes: four + five + one)))
        XCTAssertEqual(reading.text, "451")
        XCTAssertEqual(reading.parts.map(\.strokes), [Array(0 ..< four.count), Array(four.count ..< four.count + five.count),
                                                      [four.count + five.count]])
    }

    func testABrokenStrokeIsMergedInThePicture() throws {
        // A 0 with gaps at the top and the bottom: two pieces of ink, read as one digit.
        let zero = digit(0, x: 20, y: 200)[0]
        let half = zero.points.count / 2
        let broken = [Stroke(points: Array(zero.points[3 ..< half]), width: 12),
                      Stroke(points: Array(zero.points[(half + 10) ..< (zero.points.count - 12)]), width: 12)]
        let ink = picture(broken + number([3]).map { s in Stroke(points: s.points.map { Point($0.x + 200, $0.y) }, width: s.width) })
        XCTAssertEqual(InkComponents(ink).count, 3, "the drawing should have a gap")
        XCTAssertEqual(Self.reader.read(ink: ink)?.text, "03")
    }

    func testTouchingDigitsAreSplitByRecognition() {
        // Each digit moved left until its ink runs into its neighbour's, then a little further:
        // one piece of ink in the picture.
        for digits in [[3, 7], [5, 2], [6, 8], [2, 4, 9]] {
            var strokes: [Stroke] = []
            for d in digits {
                let placed = digit(d, x: strokes.isEmpty ? 20 : Self.box(strokes).x1 + 10, y: 200)
                var shift = 0.0
                while shift < 60, InkComponents(picture(strokes + placed.map { $0.moved(dx: -shift, dy: 0) })).count > 1 { shift += 2 }
                strokes += placed.map { $0.moved(dx: -shift - 4, dy: 0) }
            }
            let ink = picture(strokes)
            XCTAssertEqual(InkComponents(ink).count, 1, "\(digits) should touch")
            XCTAssertEqual(Self.reader.read(ink: ink)?.text, digits.map(String.init).joined(), "\(digits)")
        }
    }

    func testTheCrumbsACutSeveredAreClearedWhereverTheCutRan() {
        // A slice's ink: its digit (a block), a crumb at its left edge and one in its middle, both
        // severed by the cut, and a small mark of its own the cut did not touch.
        var slice = GrayImage(width: 60, height: 60)
        let blocks = [(digit: true, x: 20 ..< 40, y: 5 ..< 55), (digit: false, x: 0 ..< 3, y: 10 ..< 13),
                      (digit: false, x: 45 ..< 48, y: 30 ..< 33), (digit: true, x: 52 ..< 55, y: 5 ..< 8)]
        for block in blocks { for y in block.y { for x in block.x { slice[x, y] = 1 } } }
        let severed = { (x: Int, y: Int) in (x < 5 && (8 ..< 15).contains(y)) || ((44 ..< 50).contains(x) && (28 ..< 35).contains(y)) }
        let trimmed = NumberReader.trimmed(slice, cutOff: severed)
        for block in blocks {
            XCTAssertEqual(trimmed[block.x.lowerBound, block.y.lowerBound], block.digit ? 1 : 0, "block at x \(block.x)")
        }
        // A straight cut's crumbs are at the slice's edge: only those go.
        let edge = NumberReader.trimmed(slice, left: true, right: false)
        XCTAssertEqual(blocks.map { edge[$0.x.lowerBound, $0.y.lowerBound] }, [1, 0, 1, 1])
    }

    func testReadingOrderIsLeftToRightOnASlopingBaseline() throws {
        // Rising, and written right to left (the strokes in reverse order).
        let strokes = number([1, 9, 8, 4], slope: 0.35)
        XCTAssertGreaterThan(Self.box(Array(strokes.prefix(1))).y1 - Self.box(Array(strokes.suffix(1))).y1, 70)
        XCTAssertEqual(Self.reader.read(Drawing(strokes: strokes.reversed()))?.text, "1984")
        XCTAssertEqual(Self.reader.read(ink: picture(strokes))?.text, "1984")
    }

    func testALowDotBetweenDigitsIsADecimalPoint() throws {
        let three = digit(3, x: 20, y: 200), five = digit(5, x: 230, y: 200)
        let bottom = Self.box(three).y1
        let low = Stroke(points: [Point(190, bottom - 8)], width: 14)
        let reading = try XCTUnwrap(Self.reader.read(Drawing(strokes: three + [low] + five)))
        XCTAssertEqual(reading.text, "3.5")
        XCTAssertEqual(reading.parts.map(\.kind), [.symbol, .decimalPoint, .symbol])
        XCTAssertEqual(Self.reader.read(ink: picture(three + [low] + five))?.text, "3.5")
        // The same dot high up, or beyond the last digit, is a stray mark.
        let high = Stroke(points: [Point(190, Self.box(three).y0 + 10)], width: 14)
        XCTAssertEqual(Self.reader.read(Drawing(strokes: three + [high] + five))?.text, "35")
        let after = Stroke(points: [Point(Self.box(five).x1 + 30, bottom - 8)], width: 14)
        XCTAssertEqual(Self.reader.read(Drawing(strokes: three + five + [after]))?.text, "35")
    }

    func testASingleDigitReadsExactlyAsTheSingleDigitPath() throws {
        // One style of each digit, the styles in turn.
        for sample in Self.check.samples.filter({ $0.style == $0.digit % 3 }) {
            let drawing = HandwritingCheck.drawing(of: sample, size: 250, width: 20, x: 100, y: 100)
            let reading = try XCTUnwrap(Self.reader.read(drawing))
            XCTAssertTrue(reading.isSingle, "digit \(sample.digit) style \(sample.style) read as \(reading.text)")
            XCTAssertEqual(reading.parts.first?.recognition, Self.reader.recognizer.recognize(drawing))
            let ink = Rasterizer.renderInk(drawing)
            XCTAssertEqual(Self.reader.read(ink: ink)?.parts.first?.recognition, Self.reader.recognizer.recognize(ink: ink))
        }
    }

    func testADigitInOnePieceTheSingleDigitPathIsSureOfIsNotSliced() throws {
        // Single digits of `scrawl evaluate --only numbers` (writers 25-30, its seed for one-digit
        // numbers) whose saved picture, one piece of ink, the slicing cut into sure-looking parts:
        // a flat slashed 0 into "01" (shipped model), a fat slanted 8 into "11" (validation model).
        let samples = try PenDigits.load(path: try ScrawlProcess.pendigits()).written(by: 25 ... 30)
        let writers = Dictionary(grouping: samples, by: \.writer)
        let validation = NumberReader(recognizer: try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model-validation.scrawl").path))
        for (index, digit, reader) in [(183, "0", Self.reader), (255, "8", validation)] {
            let number = NumberScore.number(index, byWriter: writers, digits: 1 ... 1, spacing: .separated, decimalPoints: false,
                                            seed: NumberScore.evaluationSeed)
            XCTAssertEqual(number.text, digit, "the evaluation's number \(index)")
            XCTAssertEqual(InkComponents(number.picture).count, 1, "one piece of ink")
            let single = try XCTUnwrap(reader.recognizer.recognize(ink: number.picture))
            XCTAssertGreaterThanOrEqual(single.confidence, NumberReader.sure, "the single-digit path is sure of it")
            XCTAssertEqual(reader.read(ink: number.picture)?.text, digit, "number \(index) through the number path")
        }
    }

    func testOneStrokeThroughSeveralDigitsIsCut() throws {
        // A 1, 2 and 3 written without lifting the pen: one stroke.
        let parts = [digit(1, x: 20, y: 200), digit(2, x: 150, y: 200), digit(3, x: 300, y: 200)].map { $0[0].points }
        let joined = Stroke(points: parts.joined().map { $0 }, width: 12)
        let reading = try XCTUnwrap(Self.reader.read(Drawing(strokes: [joined])))
        // The joins between the digits are long diagonals and may read as marks of their own; the
        // three digits are found, in order, all from that one stroke.
        XCTAssertNotNil(reading.text.range(of: "1.*2.*3", options: .regularExpression), "read as \(reading.text)")
        XCTAssertTrue(reading.parts.allSatisfy { $0.strokes == [0] })
    }

    func testTwoLinesAreReadAsTwoNumbers() throws {
        let top = number([1, 2]), bottom = number([3, 4]).map { s in Stroke(points: s.points.map { Point($0.x, $0.y + 220) }, width: s.width) }
        let reading = try XCTUnwrap(Self.reader.read(Drawing(strokes: bottom + top)))
        XCTAssertEqual(reading.lines, ["12", "34"])
        XCTAssertEqual(reading.text, "12 34")
        XCTAssertEqual(Self.reader.read(ink: picture(top + bottom))?.lines, ["12", "34"])
    }

    func testAHugePictureIsReadAtAReducedSize() throws {
        // 20,000 px wide: the digits spread far apart along it.
        var ink = GrayImage(width: 20_000, height: 400)
        for (k, d) in [2, 0, 2, 6].enumerated() {
            let small = picture(digit(d, x: 20, y: 20, height: 300, pen: 30))
            let left = 1_000 + k * 5_000
            for y in 0 ..< min(small.height, 400) { for x in 0 ..< small.width { ink[left + x, y] = small[x, y] } }
        }
        let reading = try XCTUnwrap(Self.reader.read(ink: ink))
        XCTAssertEqual(reading.text, "2026")
        XCTAssertGreaterThan(reading.parts[3].box.x0, 15_000, "boxes are in the picture's own pixels")
    }

    func testHundredsOfSpecksAreRefusedAsNoise() throws {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        let specks = (0 ..< 400).map { _ in
            Stroke(points: [Point(Double(rng.nextUnit()) * 1_000, Double(rng.nextUnit()) * 500)], width: 4)
        }
        let strokes = try XCTUnwrap(Self.reader.read(Drawing(strokes: specks)), "seed \(seed)")
        XCTAssertNotNil(strokes.refusal, "seed \(seed): read as \(strokes.text)")
        XCTAssertTrue(strokes.parts.isEmpty)
        let picture = try XCTUnwrap(Self.reader.read(ink: Rasterizer.renderInk(specks, width: 1_010, height: 510)))
        XCTAssertNotNil(picture.refusal, "seed \(seed): read as \(picture.text)")
    }

    /// A touch of a fat pen beside a digit is a stray dot, though larger than a speck; a fat dot
    /// low between two digits is still their decimal point.
    func testAFatPensStrayDotIsIgnored() throws {
        let zero = digit(0, x: 100, y: 100, height: 120, pen: 24)
        let box = Self.box(zero)
        let dot = Stroke(points: [Point(box.x0 - 40, box.y1 + 20)], width: 40)   // a third of the digit's height
        XCTAssertEqual(Self.reader.read(Drawing(strokes: zero + [dot]))?.text, "0")
        XCTAssertEqual(Self.reader.read(ink: picture(zero + [dot]))?.text, "0")
        let three = digit(3, x: 20, y: 200, pen: 24), five = digit(5, x: 230, y: 200, pen: 24)
        let point = Stroke(points: [Point(190, Self.box(three).y1 - 20)], width: 40)
        XCTAssertEqual(Self.reader.read(Drawing(strokes: three + [point] + five))?.text, "3.5")
    }

    /// An 8 whose loops do not touch is one 8 in a picture, not two or more symbols.
    func testAnEightInTwoPiecesIsOneEight() throws {
        let eight = digit(8, style: 0, x: 100, y: 100, height: 200, pen: 20)
        var ink = picture(eight)
        // Part the loops: clear a band across the waist.
        let box = Self.box(eight), waist = Int(box.y0 + box.height * 0.5)
        for y in waist - 6 ..< waist + 6 { for x in 0 ..< ink.width { ink[x, y] = 0 } }
        XCTAssertEqual(Self.reader.read(ink: ink)?.text, "8")
    }

    func testPartsSharingInkWithOneThatIsNoDigitAreReadWhole() {
        // Five parts: pieces 1, 1+2, 2 and 3, 4. The first three share ink and one is no digit,
        // so they are read whole; parts 3 and 4 share none with them and stay as read.
        func part(_ digit: Int?, x: Double, strokes: [Int]) -> NumberPart {
            var p = [Float](repeating: 0.01, count: 10)
            p[digit ?? 0] = digit == nil ? 0.05 : 0.9
            let r = Recognition(digit: digit ?? 0, probabilities: p, notADigitProbability: digit == nil ? 0.86 : 0.01, input: [])
            return NumberPart(kind: .symbol, recognition: r, box: InkBox(x0: x, y0: 0, x1: x + 10, y1: 20), strokes: strokes)
        }
        let parts = [part(1, x: 0, strokes: [0]), part(nil, x: 10, strokes: [0, 1]), part(5, x: 20, strokes: [1]),
                     part(7, x: 40, strokes: [2]), part(1, x: 60, strokes: [3])]
        let whole = part(nil, x: 0, strokes: []).recognition!
        var asked: [[Int]] = []
        let read = Self.reader.wholePieces(parts, ink: { [[1], [1, 2], [2], [3], [4]] }) { asked.append($0); return whole }
        XCTAssertEqual(asked, [[0, 1, 2]])
        XCTAssertEqual(read.count, 3)
        XCTAssertEqual(read[0].recognition, whole)
        XCTAssertEqual(read[0].box, InkBox(x0: 0, y0: 0, x1: 30, y1: 20))
        XCTAssertEqual(read[0].strokes, [0, 1])
        XCTAssertEqual(read.dropFirst().map(\.text), ["7", "1"])
        // All digits: nothing is read again, even where they share ink (digits written joined up).
        asked = []
        let digits = [part(1, x: 0, strokes: [0]), part(2, x: 10, strokes: [0])]
        XCTAssertEqual(Self.reader.wholePieces(digits, ink: { [[1], [1]] }) { asked.append($0); return whole }, digits)
        XCTAssertEqual(asked, [])
    }

    func testLettersInStrokesThatMeetInATAreNoDigits() {
        // As drawn with the mouse, 120 px tall, a 12 px pen, on a grid of tenths: an n and an h
        // (a stem, then an arch starting on it), a Y (an arm ending where the other bends down)
        // and a K (two arms ending on the stem and on each other). Each part alone looks like a
        // 1 or a 7.
        let letters: [(String, [[(Double, Double)]])] = [
            ("n", [[(2, 3), (2, 10)], [(2, 5), (4, 3), (7, 3), (8, 5), (8, 10)]]),
            ("h", [[(2, 0), (2, 10)], [(2, 6), (4, 4), (7, 4), (8, 6), (8, 10)]]),
            ("Y", [[(1, 0), (5, 5)], [(9, 0), (5, 5), (5, 10)]]),
            ("K", [[(2, 0), (2, 10)], [(8, 0), (2, 6)], [(4, 4.5), (8, 10)]]),
        ]
        for (name, lines) in letters {
            let reading = Self.reader.read(Drawing(strokes: TestImages.onGrid(lines)))
            XCTAssertEqual(reading?.symbols.filter(\.isDigit).count, 0, "\(name) read as \(reading?.text ?? "nothing")")
        }
    }

    func testLettersInOneLineOfInkSavedAsPicturesAreNoDigits() {
        // Each drawn without lifting the pen, 120 px tall, a 12 px pen: a V, an N, a W and an M, as
        // saved pictures. Their ink is one line that never forks, as one stroke is; sliced at its
        // corners, every straight piece looked like a 1 ("11", "111", "1111").
        assertNoDigitsAsPictures([
            ("V", [[(1, 0), (5, 10), (9, 0)]]),
            ("N", [[(2, 10), (2, 0), (8, 10), (8, 0)]]),
            ("W", [[(0, 0), (2, 10), (5, 3), (8, 10), (10, 0)]]),
            ("M", [[(1, 10), (2, 0), (5, 7), (8, 0), (9, 10)]]),
        ])
    }

    func testLettersWhoseStrokesMeetSavedAsPicturesAreNoDigits() {
        // 120 px tall, a 12 px pen, each stroke a straight line or two: an A, an H, a Y and an x.
        // Their strokes meet, so the ink forks as touching digits do; sliced, the A reads "14"
        // and the x "76". Each is about as wide as tall and all but certainly no digit, so it
        // stays whole.
        assertNoDigitsAsPictures([
            ("A", [[(1, 10), (5, 0)], [(5, 0), (9, 10)], [(2.8, 6), (7.2, 6)]]),
            ("H", [[(1, 0), (1, 10)], [(9, 0), (9, 10)], [(1, 5), (9, 5)]]),
            ("Y", [[(1, 0), (5, 5)], [(9, 0), (5, 5), (5, 10)]]),
            ("x", [[(1, 2), (9, 10)], [(9, 2), (1, 10)]]),
        ])
    }

    /// Each letter (its strokes on ``TestImages/onGrid(_:origin:pen:)``'s grid), saved as a picture,
    /// is one piece of ink and reads with no digit in it.
    func assertNoDigitsAsPictures(_ letters: [(String, [[(Double, Double)]])], file: StaticString = #filePath, line: UInt = #line) {
        for (name, lines) in letters {
            let ink = picture(TestImages.onGrid(lines))
            XCTAssertEqual(InkComponents(ink).count, 1, "\(name) is one piece of ink", file: file, line: line)
            let reading = Self.reader.read(ink: ink)
            XCTAssertEqual(reading?.symbols.filter(\.isDigit).count, 0, "\(name) read as \(reading?.text ?? "nothing")", file: file, line: line)
        }
    }

    func testNeighboursMeetingInATAreJoinedOnlyWhenSurelyNoDigit() {
        // A stem, and an arch whose start lies on the stem's middle: read as "1" and "7".
        let stem = Stroke(points: [Point(0, 0), Point(0, 100)], width: 10)
        let arch = Stroke(points: [Point(0, 40), Point(30, 20), Point(60, 40), Point(60, 100)], width: 10)
        func part(_ digit: Int, strokes: [Int], x: Double) -> NumberPart {
            var p = [Float](repeating: 0.001, count: 10)
            p[digit] = 0.99
            return NumberPart(kind: .symbol, recognition: Recognition(digit: digit, probabilities: p, notADigitProbability: 0.001, input: []),
                              box: InkBox(x0: x, y0: 0, x1: x + 60, y1: 100), strokes: strokes)
        }
        func answer(notADigit: Float) -> Recognition {
            Recognition(digit: 7, probabilities: [Float](repeating: (1 - notADigit) / 10, count: 10), notADigitProbability: notADigit, input: [])
        }
        let parts = [part(1, strokes: [0], x: 0), part(7, strokes: [1], x: 0)]
        var asked: [[Int]] = []
        let sure = Self.reader.joinedAtJunctions(parts, height: 100, stroke: { [stem, arch][$0] }) { asked.append($0); return answer(notADigit: 0.995) }
        XCTAssertEqual(asked, [[0, 1]])
        XCTAssertEqual(sure.map(\.text), ["?"])
        XCTAssertEqual(sure.first?.strokes, [0, 1])
        // Read together as a digit, or only fairly sure to be none: left as they were.
        for whole in [answer(notADigit: 0.95), Recognition(digit: 4, probabilities: [0, 0, 0, 0, 0.99, 0, 0, 0, 0, 0.01], notADigitProbability: 0, input: [])] {
            XCTAssertEqual(Self.reader.joinedAtJunctions(parts, height: 100, stroke: { [stem, arch][$0] }) { _ in whole }, parts)
        }
        // Not in a T, or together wider than a symbol of the line (1.7 line heights): nothing is
        // read again.
        asked = []
        let apart = arch.moved(dx: 30, dy: 0)
        XCTAssertEqual(Self.reader.joinedAtJunctions(parts, height: 100, stroke: { [stem, apart][$0] }) { asked.append($0); return answer(notADigit: 1) }, parts)
        XCTAssertEqual(Self.reader.joinedAtJunctions(parts, height: 30, stroke: { [stem, arch][$0] }) { asked.append($0); return answer(notADigit: 1) }, parts)
        XCTAssertEqual(asked, [])
    }

    func testAStrokeEndsOnAnotherOnlyInsideItsInkAwayFromItsEnds() {
        let bar = Stroke(points: [Point(0, 0), Point(50, 0), Point(100, 0)], width: 10)
        func end(at x: Double, _ y: Double) -> Stroke { Stroke(points: [Point(x, y + 60), Point(x, y)], width: 10) }
        // A T: the end on the bar's centre line, or within half the pen's width of it, on either
        // stroke's side of the pair.
        XCTAssertTrue(NumberReader.endsOnStroke(end(at: 50, 0), bar))
        XCTAssertTrue(NumberReader.endsOnStroke(bar, end(at: 30, 4)))
        // Ink only grazing the bar's ink; a corner (the end within a fifth of the bar's ends);
        // two strokes crossing, their ends clear of each other.
        XCTAssertFalse(NumberReader.endsOnStroke(end(at: 50, 8), bar))
        XCTAssertFalse(NumberReader.endsOnStroke(end(at: 10, 0), bar))
        XCTAssertFalse(NumberReader.endsOnStroke(Stroke(points: [Point(50, -30), Point(50, 30)], width: 10), bar))
        // A dot is not a stroke to land on.
        XCTAssertFalse(NumberReader.endsOnStroke(end(at: 0, 0), Stroke(points: [Point(0, 0)], width: 10)))
    }

    func testAStrayDotAloneOrAnEmptyDrawing() {
        XCTAssertNil(Self.reader.read(Drawing()))
        XCTAssertNil(Self.reader.read(ink: GrayImage(width: 300, height: 200)))
        // A dot on its own is one mark: read as a single digit would be.
        let dot = Drawing(strokes: [Stroke(points: [Point(100, 100)], width: 20)])
        XCTAssertEqual(Self.reader.read(dot)?.parts.first?.recognition, Self.reader.recognizer.recognize(dot))
    }
}
