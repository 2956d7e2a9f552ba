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
