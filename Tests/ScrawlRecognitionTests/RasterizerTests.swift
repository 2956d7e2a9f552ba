import XCTest
@testable import ScrawlRecognition

final class RasterizerTests: XCTestCase {
    func testStrokesAreInkedWhereDrawnWithRoundPen() {
        let drawing = Drawing(strokes: [Stroke(points: [Point(100, 280), Point(460, 280)], width: 40)])
        let ink = Rasterizer.renderInk(drawing)
        XCTAssertEqual(ink[280, 280], 1, accuracy: 0.01)
        XCTAssertEqual(ink[280, 262], 1, accuracy: 0.01, "within half the pen width")
        XCTAssertEqual(ink[280, 310], 0, accuracy: 0.01)
        XCTAssertEqual(ink[85, 280], 1, accuracy: 0.01, "round cap extends past the end point")
        XCTAssertEqual(ink[60, 280], 0, accuracy: 0.01)
    }

    /// A wide sheet renders as wide as it is, in proportion at any height.
    func testAWideSheetRendersItsWholeWidth() {
        let drawing = Drawing(strokes: [Stroke(points: [Point(100, 280), Point(1000, 280)], width: 40)], width: 1120)
        let ink = Rasterizer.renderInk(drawing)
        XCTAssertEqual(ink.width, 1120)
        XCTAssertEqual(ink.height, 560)
        XCTAssertEqual(ink[1000, 280], 1, accuracy: 0.01, "ink beyond the square sheet is kept")
        let half = Rasterizer.renderInk(drawing, side: 280)
        XCTAssertEqual(half.width, 560)
        XCTAssertEqual(half[500, 140], 1, accuracy: 0.01)
    }

    /// An opened picture gets a sheet as much wider than tall as it is, and fits it whole, tall or wide.
    func testAPictureIsFittedWholeOntoASheetOfItsShape() {
        var wide = GrayImage(width: 2000, height: 500)
        for x in 0 ..< 2000 { wide[x, 250] = 1 }
        let drawing = Drawing(picture: wide)
        XCTAssertEqual(drawing.width, 2240, "four times wider than tall")
        XCTAssertEqual(drawing.background?.width, 2240)
        XCTAssertEqual(drawing.background?.height, 560)
        XCTAssertGreaterThan(drawing.background![5, 280] + drawing.background![2234, 280], 0.5, "the line reaches both ends")
        var tall = GrayImage(width: 100, height: 400)
        for y in 0 ..< 400 { tall[50, y] = 1 }
        let fitted = Rasterizer.fitted(tall, width: 1120, height: 560)
        XCTAssertEqual(fitted.width, 1120)
        XCTAssertEqual(fitted.pixels.reduce(0, +), 400 * 1.4 * 1.4, accuracy: 30, "a tall picture is scaled 1.4 times to the sheet's height, nothing cut")
        XCTAssertGreaterThan(fitted[560, 3] + fitted[560, 556], 1, "from top to bottom, centred")
        XCTAssertEqual(Drawing(picture: tall).width, Drawing.side, "a tall picture gets the square sheet")
    }

    /// The window reads strokes, `scrawl recognize` reads the saved picture: the network must get
    /// strokes of the same thickness either way (it had been 1.6 times thicker from strokes).
    func testStrokesAndTheirSavedPictureReachTheNetworkEquallyThick() throws {
        let check = try HandwritingCheck.shipped()
        var ratios: [Float] = []
        for (i, sample) in check.samples.enumerated() {
            // Legible drawings: pens from 5% to 10% of the digit's size (a fatter pen on a small digit
            // closes its holes in the picture, which no thinning undoes).
            let size = [150.0, 300, 450][i % 3]
            let drawing = HandwritingCheck.drawing(of: sample, size: size, width: size * [0.05, 0.075, 0.1][i / 3 % 3], x: 40, y: 60)
            let strokes = try XCTUnwrap(Rasterizer.recognitionInput(drawing)).pixels.reduce(0, +)
            let picture = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(drawing))).pixels.reduce(0, +)
            ratios.append(strokes / picture)
        }
        ratios.sort()
        XCTAssertEqual(ratios[ratios.count / 2], 1, accuracy: 0.15, "median ink of strokes over picture: \(ratios)")
        XCTAssertTrue(ratios.first! > 0.7 && ratios.last! < 1.4, "every drawing within reason: \(ratios)")
    }

    func testDotIsDrawn() {
        let ink = Rasterizer.renderInk(Drawing(strokes: [Stroke(points: [Point(50, 50)], width: 20)]))
        XCTAssertEqual(ink[50, 50], 1, accuracy: 0.01)
    }

    func testDisplayIsBlackOnWhiteAndRoundTripsThroughPNG() throws {
        let image = Rasterizer.renderForDisplay(TestImages.seven())
        XCTAssertEqual(image.width, 560)
        XCTAssertEqual(Array(image.rgba[0 ..< 4]), [255, 255, 255, 255], "white paper")
        let dir = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/drawing.png"
        try PNGCodec.save(image, to: path)
        XCTAssertEqual(try PNGCodec.load(path: path), image)
    }

    func testOpenedPictureIsFittedAndKeptUnderTheStrokes() {
        let tall = GrayImage(width: 10, height: 20, pixels: [Float](repeating: 1, count: 200))
        let fitted = Rasterizer.fitted(tall)
        XCTAssertEqual(fitted[280, 280], 1, accuracy: 0.01)
        XCTAssertEqual(fitted[20, 280], 0, accuracy: 0.01, "aspect kept: the sides stay blank")
        let drawing = Drawing(strokes: [Stroke(points: [Point(20, 20)], width: 10)], background: fitted)
        let ink = Rasterizer.renderInk(drawing)
        XCTAssertEqual(ink[20, 20], 1, accuracy: 0.01)
        XCTAssertEqual(ink[280, 100], 1, accuracy: 0.01)
    }
}
