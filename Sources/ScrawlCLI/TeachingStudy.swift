import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl evaluate --only personal`: what teaching buys a person whose hand the base model has
/// never seen. For each pendigits writer in turn, a personal model is taught from that writer's
/// first `perDigit` examples of each digit (drawn at pen 20 px) and scored, like the base, on the
/// writer's other digits, as strokes and as saved PNGs at pen widths 10-50 px; then on the MNIST
/// test set (forgetting).
enum TeachingStudy {
    struct Row {
        var writer: Int, tested: Int
        var baseErrors: Int, personalErrors: Int
        var mnist: Double?
        var seconds: Double
    }

    static func run(base: Recognizer, samples: [PenDigits.Sample], writers: ClosedRange<Int>, perDigit: Int,
                    mnist: DigitSet?, options: Teacher.Options) throws -> [Row] {
        let replay = try ReplaySample.shipped()
        var rows: [Row] = []
        for writer in writers {
            let own = samples.filter { $0.writer == writer }
            guard !own.isEmpty else { continue }
            let (taught, tested) = split(own, perDigit: perDigit)
            let outcome = try Teacher.teach(base: base.networks, labels: base.labels, examples: examples(taught), replay: replay, options: options)
            let personal = try Recognizer(networks: outcome.networks, source: "writer \(writer)")
            func errors(_ r: Recognizer) -> Int {
                [false, true].reduce(0) { sum, raster in
                    let s = PenDigitsScore(recognizer: r, samples: tested, raster: raster)
                    return sum + s.total - s.correct
                }
            }
            let mnistAccuracy = mnist.map { Evaluation(model: personal.ensemble, set: $0).accuracy }
            rows.append(Row(writer: writer, tested: tested.count * 10, baseErrors: errors(base), personalErrors: errors(personal),
                            mnist: mnistAccuracy, seconds: outcome.seconds))
        }
        return rows
    }

    /// A writer's first `perDigit` samples of each digit (to teach), and the rest (to test).
    static func split(_ samples: [PenDigits.Sample], perDigit: Int) -> (taught: [PenDigits.Sample], tested: [PenDigits.Sample]) {
        var taught: [PenDigits.Sample] = [], tested: [PenDigits.Sample] = []
        for digit in 0 ... 9 {
            let ofDigit = samples.filter { $0.label == digit }
            taught += ofDigit.prefix(perDigit)
            tested += ofDigit.dropFirst(perDigit)
        }
        return (taught, tested)
    }

    /// The samples as a person would draw them on the canvas (pen 20 px), as teaching examples.
    static func examples(_ samples: [PenDigits.Sample]) -> [Teacher.Example] {
        samples.enumerated().compactMap { i, sample in
            HandwritingExamples.networkInput(PenDigitsScore.drawing(of: sample, index: i, width: 20), raster: false).map {
                Teacher.Example(input: $0, label: sample.label, strokes: sample.strokes)
            }
        }
    }
}
