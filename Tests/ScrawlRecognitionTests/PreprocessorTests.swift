import XCTest
@testable import ScrawlRecognition
import ScrawlEngine
import ScrawlTestSupport

final class PreprocessorTests: XCTestCase {
    func centreOfMass(_ p: [Float]) -> (Float, Float) {
        var m: Float = 0, x: Float = 0, y: Float = 0
        for i in 0 ..< 784 { m += p[i]; x += p[i] * (Float(i % 28) + 0.5); y += p[i] * (Float(i / 28) + 0.5) }
        return (x / m, y / m)
    }

    func inkBox(_ p: [Float]) -> (w: Int, h: Int) {
        let rows = (0 ..< 28).filter { r in (0 ..< 28).contains { p[r * 28 + $0] > 0.3 } }
        let cols = (0 ..< 28).filter { c in (0 ..< 28).contains { p[$0 * 28 + c] > 0.3 } }
        return ((cols.last ?? 0) - (cols.first ?? 0) + 1, (rows.last ?? 0) - (rows.first ?? 0) + 1)
    }

    func testDigitIsCentredByMassAndFitsTheTwentyPixelBox() throws {
        let ink = Rasterizer.renderInk(TestImages.seven())
        let r = try XCTUnwrap(Preprocessor.digitInput(from: ink))
        let (cx, cy) = centreOfMass(r.pixels)
        XCTAssertEqual(cx, 14, accuracy: 0.3)
        XCTAssertEqual(cy, 14, accuracy: 0.3)
        let box = inkBox(r.pixels)
        XCTAssertTrue((18 ... 21).contains(max(box.w, box.h)), "longer side about 20 px, got \(box)")
    }

    func testShiftedScaledAndInvertedDigitsLandTheSame() throws {
        let reference = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(TestImages.seven())))
        // Shifted to a corner, drawn at half the size with half the pen: same digit, same input.
        let moved = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(TestImages.seven(size: 150, width: 12, x: 20, y: 380))))
        XCTAssertLessThan(TestImages.maxDifference(reference.pixels, moved.pixels), 0.35)
        XCTAssertLessThan(zip(reference.pixels, moved.pixels).map { abs($0 - $1) }.reduce(0, +) / 784, 0.03)
        // White ink on black paper, through the RGBA path.
        let display = Rasterizer.renderForDisplay(TestImages.seven())
        var inverted = display
        for i in stride(from: 0, to: inverted.rgba.count, by: 4) {
            for c in 0 ..< 3 { inverted.rgba[i + c] = 255 - inverted.rgba[i + c] }
        }
        let fromDark = try XCTUnwrap(Preprocessor.digitInput(from: inverted.ink))
        let fromLight = try XCTUnwrap(Preprocessor.digitInput(from: display.ink))
        XCTAssertLessThan(TestImages.maxDifference(fromDark.pixels, fromLight.pixels), 0.02)
        XCTAssertLessThan(TestImages.maxDifference(fromLight.pixels, reference.pixels), 0.05)
    }

    func testTransparentSheetUsesOpacityAsInk() throws {
        // White strokes on a transparent background: compositing over white would lose them.
        let display = Rasterizer.renderForDisplay(TestImages.seven())
        var rgba = display.rgba
        for i in stride(from: 0, to: rgba.count, by: 4) {
            let ink = 255 - rgba[i]
            rgba[i] = 255; rgba[i + 1] = 255; rgba[i + 2] = 255; rgba[i + 3] = ink
        }
        let r = try XCTUnwrap(Preprocessor.digitInput(from: RGBAImage(width: 560, height: 560, rgba: rgba).ink))
        let reference = try XCTUnwrap(Preprocessor.digitInput(from: display.ink))
        XCTAssertLessThan(TestImages.maxDifference(r.pixels, reference.pixels), 0.05)
    }

    func testBlankImagesAreEmptyNotGuessed() {
        XCTAssertNil(Preprocessor.digitInput(from: GrayImage(width: 40, height: 30)))
        let white = RGBAImage(width: 8, height: 8, rgba: [UInt8](repeating: 255, count: 256))
        XCTAssertNil(Preprocessor.digitInput(from: white.ink))
        var black = [UInt8](repeating: 0, count: 256)
        for i in stride(from: 3, to: 256, by: 4) { black[i] = 255 }
        XCTAssertNil(Preprocessor.digitInput(from: RGBAImage(width: 8, height: 8, rgba: black).ink), "all black is paper too")
        XCTAssertNil(Preprocessor.digitInput(from: RGBAImage(width: 8, height: 8, rgba: [UInt8](repeating: 0, count: 256)).ink),
                     "fully transparent")
    }

    /// The direct loop over the disc's offsets, the reference for ``Preprocessor/morph(_:radius:dilate:)``.
    private func morphReference(_ image: GrayImage, radius: Int, dilate: Bool) -> GrayImage {
        var out = image
        let (w, h) = (image.width, image.height)
        for y in 0 ..< h {
            for x in 0 ..< w {
                var v: Float = dilate ? 0 : 1
                for dy in -radius ... radius {
                    for dx in -radius ... radius where dx * dx + dy * dy <= radius * radius + radius {
                        let (sx, sy) = (x + dx, y + dy)
                        let s: Float = sx >= 0 && sy >= 0 && sx < w && sy < h ? image[sx, sy] : 0
                        v = dilate ? max(v, s) : min(v, s)
                    }
                }
                out[x, y] = v
            }
        }
        return out
    }

    func testDilationAndErosionMatchTheDirectLoopOverTheDisc() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        for (w, h) in [(1, 1), (3, 7), (17, 9), (56, 56)] {
            // Blobs, strokes and specks: random ink that is mostly 0 or 1, some grey.
            let pixels = (0 ..< w * h).map { _ -> Float in
                let u = Float.random(in: 0 ..< 1, using: &rng)
                return u < 0.6 ? 0 : u < 0.9 ? 1 : Float.random(in: 0 ... 1, using: &rng)
            }
            let image = GrayImage(width: w, height: h, pixels: pixels)
            for radius in 0 ... 4 {
                for dilate in [true, false] {
                    XCTAssertEqual(Preprocessor.morph(image, radius: radius, dilate: dilate),
                                   morphReference(image, radius: radius, dilate: dilate), "\(w)x\(h), radius \(radius), dilate \(dilate), SCRAWL_TEST_SEED=\(seed)")
                }
            }
        }
    }

    /// Ink at the corners, in one column, one row or one pixel, and scattered at random, on
    /// sheets whose rows are and are not a multiple of the eight pixels the scans take at a time:
    /// the crop is the box of every pixel above the noise floor, found one pixel at a time.
    func testTheCropIsTheBoxOfEveryPixelAboveTheNoiseFloor() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        for (w, h) in [(1, 1), (7, 3), (8, 2), (33, 17), (250, 90)] {
            var sheets: [GrayImage] = []
            for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w / 2, h / 2)] {
                var one = GrayImage(width: w, height: h)
                one[x, y] = 0.8
                sheets.append(one)
            }
            var column = GrayImage(width: w, height: h), row = column
            for y in 0 ..< h { column[w - 1, y] = 1 }
            for x in 0 ..< w { row[x, h - 1] = 1 }
            sheets += [column, row]
            for density in [Float(0.001), 0.01, 0.3] {
                sheets.append(GrayImage(width: w, height: h, pixels: (0 ..< w * h).map { _ in
                    Float.random(in: 0 ..< 1, using: &rng) < density ? Float.random(in: 0 ... 1, using: &rng) : 0
                }))
            }
            for (k, sheet) in sheets.enumerated() {
                let top = sheet.pixels.max() ?? 0
                let inked = (0 ..< w * h).filter { top >= 0.1 && sheet.pixels[$0] > top * Preprocessor.noiseFloor }
                let expected = inked.isEmpty ? nil
                    : [inked.map { $0 % w }.min()!, inked.map { $0 / w }.min()!, inked.map { $0 % w }.max()! + 1, inked.map { $0 / w }.max()! + 1]
                XCTAssertEqual(Preprocessor.inkBounds(sheet).map { [$0.0, $0.1, $0.2, $0.3] }, expected,
                               "\(w)x\(h), sheet \(k), SCRAWL_TEST_SEED=\(seed)")
            }
        }
    }

    func testShrinkingAveragesEverySourcePixelByTheAreaItCovers() {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        for (w, h, side) in [(280, 280, 60), (333, 61, 60), (97, 150, 28), (64, 75, 60)] {
            let image = GrayImage(width: w, height: h, pixels: (0 ..< w * h).map { _ in Float.random(in: 0 ... 1, using: &rng) })
            // Cropped at random, but taller than `side`, so the crop is shrunk.
            let crop = (Int.random(in: 0 ..< w / 4, using: &rng), Int.random(in: 0 ..< h - side, using: &rng), w - Int.random(in: 0 ..< w / 4, using: &rng), h)
            let fitted = Preprocessor.fitted(image, crop: crop, side: side)
            // The reference: each output cell's square mapped back onto the source, and every
            // source pixel of the crop weighed by the area of it that square covers.
            let (x0, y0, x1, y1) = crop
            let scale = Float(side) / Float(max(x1 - x0, y1 - y0))
            let ox = (Float(side) - Float(x1 - x0) * scale) / 2, oy = (Float(side) - Float(y1 - y0) * scale) / 2
            func overlap(_ a: Float, _ b: Float, _ i: Int) -> Float { max(0, min(b, Float(i + 1)) - max(a, Float(i))) }
            for j in 0 ..< side {
                for i in 0 ..< side {
                    let (ax, ay) = (Float(x0) + (Float(i) - ox) / scale, Float(y0) + (Float(j) - oy) / scale)
                    var sum: Float = 0
                    for y in y0 ..< y1 {
                        let wy = overlap(ay, ay + 1 / scale, y)
                        if wy > 0 { for x in x0 ..< x1 { sum += wy * overlap(ax, ax + 1 / scale, x) * image[x, y] } }
                    }
                    XCTAssertEqual(fitted[i, j], min(1, sum * scale * scale), accuracy: 1e-4, "\(w)x\(h) to \(side), cell (\(i), \(j)), SCRAWL_TEST_SEED=\(seed)")
                }
            }
        }
    }

    func testThicknessIsNormalised() throws {
        let thin = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(TestImages.seven(width: 6))))
        let fat = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(TestImages.seven(width: 150, x: 80, y: 80))))
        let target = Preprocessor.targetStrokeFraction * Float(Preprocessor.workingSide)
        for r in [thin, fat] {
            XCTAssertEqual(r.strokeWidthAfter, target, accuracy: target * 0.3, "from \(r.strokeWidthBefore)")
        }
        XCTAssertLessThan(thin.strokeWidthBefore, target / 2)
        XCTAssertGreaterThan(fat.strokeWidthBefore, target * 1.5)
    }

    func testThinningAFatPensPictureKeepsItsThinnerStrokes() throws {
        // A marker's bar with a fine stroke rising from it: the mean width is the bar's, and a disc
        // that thins the bar to MNIST's width is wider than the fine stroke.
        let drawing = Drawing(strokes: [Stroke(points: [Point(100, 400), Point(400, 400)], width: 150),
                                        Stroke(points: [Point(250, 400), Point(250, 80)], width: 20)])
        let input = try XCTUnwrap(Preprocessor.digitInput(from: Rasterizer.renderInk(drawing)))
        let target = Preprocessor.targetStrokeFraction * Float(Preprocessor.workingSide)
        XCTAssertGreaterThan(input.strokeWidthBefore, target * 1.5, "a picture to be thinned")
        let inkRows = (0 ..< 28).filter { r in (0 ..< 28).contains { input.pixels[r * 28 + $0] > 0.2 } }
        XCTAssertGreaterThanOrEqual(inkRows.count, 14, "the fine stroke is still there: ink in rows \(inkRows)")
    }

    func testVectorStrokesAreReRenderedAtTheTargetWidth() throws {
        let hairline = try XCTUnwrap(Rasterizer.recognitionInput(TestImages.seven(width: 4)))
        let marker = try XCTUnwrap(Rasterizer.recognitionInput(TestImages.seven(width: 60)))
        XCTAssertLessThan(TestImages.maxDifference(hairline.pixels, marker.pixels), 0.15, "pen width no longer matters")
    }
}
