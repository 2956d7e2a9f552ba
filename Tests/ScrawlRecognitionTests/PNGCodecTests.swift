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
        FileManager.default.createFile(atPath: dir + "/empty.png", contents: Data())
        expect(dir + "/empty.png", .empty)
        FileManager.default.createFile(atPath: dir + "/text.png", contents: Data("just some notes\n".utf8))
        expect(dir + "/text.png", .notPNG(looksLike: "a text file"))
        FileManager.default.createFile(atPath: dir + "/photo.png", contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46]))
        expect(dir + "/photo.png", .notPNG(looksLike: "a JPEG image"))
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/seven.png"))
        FileManager.default.createFile(atPath: dir + "/cut.png", contents: good.prefix(good.count / 2))
        expect(dir + "/cut.png", .truncated)
        var flipped = good
        flipped[60] ^= 0xFF
        FileManager.default.createFile(atPath: dir + "/flipped.png", contents: flipped)
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
}
