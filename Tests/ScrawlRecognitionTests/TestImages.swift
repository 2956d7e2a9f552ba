import Foundation
import XCTest
@testable import ScrawlRecognition

/// Images for the recognition tests, drawn with Scrawl's own rasteriser or written by ImageMagick.
enum TestImages {
    /// A "7" drawn as strokes in a box of `size` at (`x`, `y`) with pen `width`, as ink.
    static func seven(size: Double = 300, width: Double = 24, x: Double = 130, y: Double = 130) -> Drawing {
        Drawing(strokes: [Stroke(points: [Point(x, y), Point(x + size * 0.8, y), Point(x + size * 0.4, y + size)], width: width)])
    }

    /// Strokes through points on a grid of 12 px cells from (`origin`, `origin`), one stroke per
    /// list of points: a letter 10 cells tall is 120 px tall.
    static func onGrid(_ lines: [[(Double, Double)]], origin: Double = 100, pen: Double = 12) -> [Stroke] {
        lines.map { line in Stroke(points: line.map { Point(origin + $0.0 * 12, origin + $0.1 * 12) }, width: pen) }
    }

    static func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "scrawl-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs ImageMagick's `convert` (a test dependency installed by `meson-helper.sh test`).
    static func convert(_ args: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/convert") else { throw XCTSkip("ImageMagick's convert is not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/convert")
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Pixel-wise largest difference of two 28x28 inputs.
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
