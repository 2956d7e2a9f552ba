import Foundation
import XCTest
@testable import ScrawlRecognition

final class PNGCodecTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try TestImages.temporaryFolder()
        try PNGCodec.save(Rasterizer.renderForDisplay(TestImages.seven()), to: dir + "/seven.png")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func expect(_ path: String, _ expected: PNGError, line: UInt = #line) {
        XCTAssertThrowsError(try PNGCodec.load(path: path), line: line) { error in
            XCTAssertEqual(error as? PNGError, expected, line: line)
        }
    }

    func testEveryPNGFlavourDecodesToTheSameDigit() throws {
        let reference = try XCTUnwrap(Preprocessor.digitInput(from: try PNGCodec.load(path: dir + "/seven.png").ink))
        let flavours: [(String, [String])] = [
            ("palette", ["PNG8:"]), ("grey", ["-type", "Grayscale", "PNG8:"]), ("grey16", ["-depth", "16", "-type", "Grayscale", "PNG48:"]),
            ("rgb16", ["-depth", "16", "PNG48:"]), ("greyalpha", ["-alpha", "on", "-type", "GrayscaleAlpha", "PNG32:"]),
        ]
        for (name, args) in flavours {
            let out = dir + "/\(name).png"
            let format = args.last!
            try TestImages.convert([dir + "/seven.png"] + args.dropLast() + [format + out])
            let image = try PNGCodec.load(path: out)
            XCTAssertEqual(image.width, 560, name)
            let r = try XCTUnwrap(Preprocessor.digitInput(from: image.ink), name)
            XCTAssertLessThan(TestImages.maxDifference(r.pixels, reference.pixels), 0.08, name)
        }
    }

    func testEmptyCorruptAndForeignFiles() throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/empty.png", contents: Data()))
        expect(dir + "/empty.png", .empty)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/text.png", contents: Data("just some notes\n".utf8)))
        expect(dir + "/text.png", .notPNG(looksLike: "a text file"))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/photo.png", contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46])))
        expect(dir + "/photo.png", .notPNG(looksLike: "a JPEG image"))
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/seven.png"))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/cut.png", contents: good.prefix(good.count / 2)))
        expect(dir + "/cut.png", .truncated)
        var flipped = good
        flipped[60] ^= 0xFF
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/flipped.png", contents: flipped))
        XCTAssertThrowsError(try PNGCodec.load(path: dir + "/flipped.png")) { error in
            guard case .corrupt = error as? PNGError else { return XCTFail("\(error)") }
        }
    }

    func testAbsurdDimensionsAreRefusedFromTheHeader() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/seven.png"))
        func withSize(_ w: UInt32, _ h: UInt32) -> Data {
            var d = good
            for (i, v) in [w, h].enumerated() {
                for k in 0 ..< 4 { d[16 + i * 4 + k] = UInt8(v >> (24 - 8 * UInt32(k)) & 255) }
            }
            return d
        }
        XCTAssertThrowsError(try PNGCodec.decode(withSize(100_000, 100_000))) {
            XCTAssertEqual($0 as? PNGError, .tooLarge(width: 100_000, height: 100_000, limit: 50))
        }
        XCTAssertThrowsError(try PNGCodec.decode(withSize(0, 0))) { XCTAssertEqual($0 as? PNGError, .badDimensions(width: 0, height: 0)) }
    }

    func testPathProblemsSaySo() throws {
        expect(dir + "/absent.png", .unreadable(path: dir + "/absent.png", reason: "no such file"))
        try FileManager.default.createDirectory(atPath: dir + "/folder.png", withIntermediateDirectories: false)
        expect(dir + "/folder.png", .unreadable(path: dir + "/folder.png", reason: "it is a folder, not a file"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop.png", withDestinationPath: dir + "/loop.png")
        expect(dir + "/loop.png", .unreadable(path: dir + "/loop.png", reason: "it is a broken or looping symbolic link"))
        let odd = dir + "/my drawing ü 7.png"
        try FileManager.default.copyItem(atPath: dir + "/seven.png", toPath: odd)
        XCTAssertEqual(try PNGCodec.load(path: odd).width, 560)
    }

    func testTruncatedAtEveryChunkBoundary() throws {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/seven.png")))
        var boundaries = [8]
        var at = 8
        while at + 12 <= good.count {
            let length = Int(good[at]) << 24 | Int(good[at + 1]) << 16 | Int(good[at + 2]) << 8 | Int(good[at + 3])
            at += 12 + length
            if at < good.count { boundaries.append(at) }
        }
        XCTAssertGreaterThan(boundaries.count, 2)
        for cut in boundaries {
            XCTAssertThrowsError(try PNGCodec.decode(Data(good.prefix(cut))), "cut at \(cut)") { error in
                XCTAssertEqual(error as? PNGError, .truncated, "cut at \(cut)")
            }
        }
    }

    func testTinyHugeAspectAndBorderTouchingImages() throws {
        // 1x1: nothing to recognize, and no crash.
        XCTAssertNil(Preprocessor.digitInput(from: RGBAImage(width: 1, height: 1, rgba: [0, 0, 0, 255]).ink))
        // 20000x20 with a stroke: decodes and preprocesses to a centred 28x28.
        var wide = [UInt8](repeating: 255, count: 20_000 * 20 * 4)
        for x in 5_000 ..< 15_000 { for y in 8 ..< 12 { for c in 0 ..< 3 { wide[(y * 20_000 + x) * 4 + c] = 0 } } }
        let decoded = try PNGCodec.decode(try PNGCodec.encode(RGBAImage(width: 20_000, height: 20, rgba: wide)))
        XCTAssertEqual(decoded.width, 20_000)
        XCTAssertNotNil(Preprocessor.digitInput(from: decoded.ink))
        // A digit touching the border reads like the same digit with margins.
        let seven = Rasterizer.renderInk(TestImages.seven(size: 300, width: 30, x: 130, y: 130))
        let reference = try XCTUnwrap(Preprocessor.digitInput(from: seven))
        var cropped = GrayImage(width: 270, height: 330)
        for y in 0 ..< 330 { for x in 0 ..< 270 { cropped[x, y] = seven[x + 115, y + 115] } }
        let touching = try XCTUnwrap(Preprocessor.digitInput(from: cropped))
        XCTAssertLessThan(TestImages.maxDifference(touching.pixels, reference.pixels), 0.1)
    }
}
