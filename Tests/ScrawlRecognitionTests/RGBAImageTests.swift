import XCTest
@testable import ScrawlRecognition

/// Pixels as GDK hands out a pasted picture, turned into the RGBA every other path reads.
final class RGBAImageTests: XCTestCase {
    func testPremultipliedBGRAComesOutStraightRGBA() {
        // Two pixels a row and one byte of padding per row (stride 9): half-transparent red, opaque
        // blue; then fully transparent (its colour bytes must be ignored), opaque mid grey.
        let pixels: [UInt8] = [0, 0, 128, 128, 255, 0, 0, 255, 7,
                               9, 9, 9, 0, 128, 128, 128, 255, 7]
        let image = RGBAImage(premultipliedBGRA: pixels, width: 2, height: 2, stride: 9)
        XCTAssertEqual(image.rgba, [255, 0, 0, 128, 0, 0, 255, 255,
                                    0, 0, 0, 0, 128, 128, 128, 255])
    }

    func testAPastedDarkDigitOnATransparentSheetIsInk() {
        // A black bar on a transparent sheet (as a drawing app copies strokes): the bar is ink and
        // the sheet is paper, as when such a PNG is opened.
        let (width, height) = (40, 40)
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 5 ..< 35 { for x in 18 ..< 22 { pixels[(y * width + x) * 4 + 3] = 255 } }
        let ink = RGBAImage(premultipliedBGRA: pixels, width: width, height: height, stride: width * 4).ink
        XCTAssertEqual(ink.pixels[20 * width + 20], 1, "the bar is ink")
        XCTAssertEqual(ink.pixels[20 * width + 5], 0, "the sheet is paper")
    }
}
