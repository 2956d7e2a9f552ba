import Foundation
import XCTest
import ScrawlEngine
@testable import ScrawlRecognition

final class IDXReaderTests: XCTestCase {
    func idx(_ dims: [Int], _ payload: [UInt8]) -> [UInt8] {
        var b: [UInt8] = [0, 0, 0x08, UInt8(dims.count)]
        for d in dims { b += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        return b + payload
    }

    func testParsesAValidFile() throws {
        let a = try IDXReader.parse(idx([2, 3], [1, 2, 3, 4, 5, 6]), path: "x")
        XCTAssertEqual(a.dimensions, [2, 3])
        XCTAssertEqual(a.bytes, [1, 2, 3, 4, 5, 6])
    }

    func testWrongMagic() {
        XCTAssertThrowsError(try IDXReader.parse([1, 2, 3, 4, 0, 0, 0, 0], path: "x")) { XCTAssertEqual($0 as? IDXError, .badMagic(path: "x")) }
        XCTAssertThrowsError(try IDXReader.parse([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], path: "x")) {
            XCTAssertEqual($0 as? IDXError, .unsupportedType(path: "x", code: 0x0D))
        }
    }

    func testCountsLargerThanTheFile() {
        XCTAssertThrowsError(try IDXReader.parse(idx([60000, 28, 28], [0, 1, 2]), path: "x")) { error in
            XCTAssertEqual(error as? IDXError, .sizeMismatch(path: "x", declared: 47_040_000, actual: 3))
            XCTAssertTrue("\(error)".contains("declares 47040000 bytes"))
        }
    }

    func testMismatchedImageAndLabelCounts() throws {
        let images = try IDXReader.parse(idx([2, 28, 28], [UInt8](repeating: 0, count: 2 * 784)), path: "i")
        let labels = try IDXReader.parse(idx([3], [1, 2, 3]), path: "l")
        XCTAssertThrowsError(try MNIST.digitSet(images: images, labels: labels)) {
            XCTAssertEqual($0 as? IDXError, .countMismatch(images: 2, labels: 3))
        }
    }

    func testReadsGzippedAndRawFilesAndRejectsCorruptGzip() throws {
        let dir = NSTemporaryDirectory() + "idx-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let raw = dir + "/labels"
        try Data(idx([4], [7, 8, 9, 0])).write(to: URL(fileURLWithPath: raw))
        XCTAssertEqual(try IDXReader.read(path: raw).bytes, [7, 8, 9, 0])
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", raw]
        try gzip.run(); gzip.waitUntilExit()
        XCTAssertEqual(try IDXReader.read(path: raw + ".gz").bytes, [7, 8, 9, 0])
        var gz = try Data(contentsOf: URL(fileURLWithPath: raw + ".gz"))
        gz = gz.prefix(gz.count - 6)
        try gz.write(to: URL(fileURLWithPath: dir + "/cut.gz"))
        XCTAssertThrowsError(try IDXReader.read(path: dir + "/cut.gz")) { error in
            guard case .corruptCompression = error as? IDXError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try IDXReader.read(path: dir + "/absent")) { XCTAssertTrue("\($0)".contains("no such file")) }
        XCTAssertThrowsError(try IDXReader.read(path: dir)) { XCTAssertTrue("\($0)".contains("folder")) }
    }
}
