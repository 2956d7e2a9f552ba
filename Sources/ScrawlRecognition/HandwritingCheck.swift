import Foundation
import ScrawlEngine

/// Scrawl's own non-MNIST check: hand-authored pen trajectories (``Resources/handwritten-digits.json``)
/// rendered on the 560x560 canvas at several pen widths, sizes and positions, then recognized the
/// way the app does (vector strokes), the way a saved PNG is (raster), and the naive way typical
/// digit apps do (the whole canvas shrunk to 28x28).
public struct HandwritingCheck: Sendable {
    public struct Sample: Codable, Sendable {
        public var digit: Int
        public var style: Int
        public var strokes: [[[Double]]]
    }

    struct File: Codable { var digits: [Sample] }

    public let samples: [Sample]
    public static let penWidths: [Double] = [10, 20, 35, 50]
    public static let sizes: [Double] = [100, 250, 500]

    public init(path: String) throws {
        samples = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).digits
    }

    /// The shipped fixture.
    public static func shipped() throws -> HandwritingCheck {
        guard let path = ResourceLocator.path(of: "handwritten-digits.json") else {
            throw ModelError.io("the hand-drawn check (handwritten-digits.json) was not found (set SCRAWL_RESOURCES)")
        }
        return try HandwritingCheck(path: path)
    }

    /// A sample drawn at `size` px (its 100-unit box scaled), pen `width`, placed with its box's
    /// top-left at (`x`, `y`) on the canvas.
    public static func drawing(of sample: Sample, size: Double, width: Double, x: Double, y: Double) -> Drawing {
        let s = size / 100
        return Drawing(strokes: sample.strokes.map { pts in
            Stroke(points: pts.map { Point(x + $0[0] * s, y + $0[1] * s) }, width: width)
        })
    }

    /// Every rendering of every sample: each pen width and size, at a position that varies with the
    /// sample, with a label naming the sample, pen width and size.
    public func labelledCases() -> [(digit: Int, label: String, drawing: Drawing)] {
        var out: [(Int, String, Drawing)] = []
        for (i, sample) in samples.enumerated() {
            for width in Self.penWidths {
                for size in Self.sizes {
                    let room = Double(Drawing.side) - size - width
                    let fx = Double((i * 37 + Int(width) * 3) % 100) / 100, fy = Double((i * 53 + Int(size)) % 100) / 100
                    out.append((sample.digit, "digit \(sample.digit) style \(sample.style), pen \(Int(width)) px, size \(Int(size)) px",
                                Self.drawing(of: sample, size: size, width: width, x: width / 2 + room * fx, y: width / 2 + room * fy)))
                }
            }
        }
        return out
    }

    /// Scores of the three paths: fraction correct, out of ``labelledCases()``.
    public struct Score: Sendable {
        public var vector: Double, raster: Double, naive: Double
        public var count: Int
        /// The cases the vector and the raster path got wrong: label and its answer (nil: "not a digit").
        public var vectorFailures: [(label: String, answer: Int?)]
        public var rasterFailures: [(label: String, answer: Int?)]
    }

    public func score(with recognizer: Recognizer) -> Score {
        let all = labelledCases()
        var vector = 0, raster = 0, naive = 0
        var failures: [(String, Int?)] = [], rasterFailures: [(String, Int?)] = []
        for (digit, label, drawing) in all {
            let answer = recognizer.recognize(drawing)?.answer
            if answer == digit { vector += 1 } else { failures.append((label, answer)) }
            let ink = Rasterizer.renderInk(drawing)
            let rasterAnswer = Preprocessor.digitInput(from: ink).flatMap { recognizer.recognize(input: $0.pixels).answer }
            if rasterAnswer == digit { raster += 1 } else { rasterFailures.append((label, rasterAnswer)) }
            if recognizer.recognize(input: Self.naiveInput(ink)).answer == digit { naive += 1 }
        }
        let n = Double(all.count)
        return Score(vector: Double(vector) / n, raster: Double(raster) / n, naive: Double(naive) / n, count: all.count,
                     vectorFailures: failures, rasterFailures: rasterFailures)
    }

    /// What typical digit apps feed their network: the whole canvas averaged down to 28x28.
    public static func naiveInput(_ ink: GrayImage) -> [Float] {
        let f = ink.width / 28
        var out = [Float](repeating: 0, count: 784)
        for y in 0 ..< 28 {
            for x in 0 ..< 28 {
                var s: Float = 0
                for dy in 0 ..< f { for dx in 0 ..< f { s += ink[x * f + dx, y * f + dy] } }
                out[y * 28 + x] = s / Float(f * f)
            }
        }
        return out
    }
}
