import Foundation
import ScrawlEngine

/// How a model reads real pen trajectories: each sample drawn on the canvas at every pen width, at
/// a size from 100 to 500 px and a place that vary with the sample, recognized through the stroke
/// path (as the window does) or as the saved picture (as `scrawl recognize` reads a PNG).
public struct PenDigitsScore: Sendable {
    public var total = 0, correct = 0
    /// Real digits answered "not a digit".
    public var rejected = 0
    /// Correct and total per pen width, in the order asked.
    public var byWidth: [(width: Double, correct: Int, total: Int)] = []
    /// Correct and total per writer, by writer number.
    public var byWriter: [Int: (correct: Int, total: Int)] = [:]
    /// The samples answered wrongly: index into the samples and the answer (nil: "not a digit"),
    /// at the first pen width.
    public var failures: [(index: Int, answer: Int?)] = []
    /// `confusion[truth][answer]`, answer 10 being "not a digit".
    public var confusion = Array(repeating: Array(repeating: 0, count: 11), count: 10)

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// The canvas drawing of `sample` with pen `width`, its size and place following from `index`.
    public static func drawing(of sample: PenDigits.Sample, index: Int, width: Double) -> Drawing {
        var placement = StrokeAugmenter.none
        let size = 100 + Double(index * 37 % 401)
        placement.penWidths = width ... width
        placement.sizes = size ... size
        var rng = SeededGenerator(seed: UInt64(index) &* 0x9E37_79B9 ^ UInt64(width))
        return placement.augment(sample.strokes, label: nil, rng: &rng)
    }

    public init(recognizer: Recognizer, samples: [PenDigits.Sample], penWidths: [Double] = [10, 20, 30, 40, 50], raster: Bool) {
        for width in penWidths {
            let inputs = Parallel.map(samples.count, cost: Parallel.minimumWork) { i in   // each drawing is worth a thread
                HandwritingExamples.networkInput(Self.drawing(of: samples[i], index: i, width: width), raster: raster, rasterSide: Drawing.side)
                    ?? [Float](repeating: 0, count: 784)
            }
            var right = 0
            for (i, (sample, r)) in zip(samples, recognizer.recognize(inputs: inputs)).enumerated() {
                let answer = r.isDigit ? r.digit : 10
                confusion[sample.label][answer] += 1
                if answer == sample.label { right += 1 } else if width == penWidths[0] { failures.append((i, r.answer)) }
                if !r.isDigit { rejected += 1 }
                byWriter[sample.writer, default: (0, 0)].total += 1
                if answer == sample.label { byWriter[sample.writer, default: (0, 0)].correct += 1 }
            }
            byWidth.append((width, right, samples.count))
            correct += right
            total += samples.count
        }
    }
}
