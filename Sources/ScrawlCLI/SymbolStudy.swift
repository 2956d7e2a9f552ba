import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl evaluate --only symbols`: how well a personal model learns labels the base never read
/// from a few examples. For each simulated writer (``SymbolFixtures``: each writes every symbol
/// mostly one way, in a slant and width and with a pen of their own), a model is taught the fifteen
/// symbols as labels besides the digits, from `perLabel` of that writer's drawings of each, and
/// scored on 20 other drawings of each symbol by the same writer, as strokes and as saved PNGs,
/// and on the MNIST test set (what it still reads of other people's digits).
enum SymbolStudy {
    struct Row {
        var writer: Int, perLabel: Int, tested: Int, correct: Int
        /// Of the wrong answers, how many were a digit (the model's old labels) or "none".
        var readAsDigit: Int, rejected: Int
        /// The taught model on the MNIST test set, when given: what it still reads of the digits.
        var mnist: Double?
        var seconds: Double
        var accuracy: Double { Double(correct) / Double(max(1, tested)) }
    }

    static let testedPerLabel = 20

    static func run(base: Recognizer, writers: ClosedRange<Int>, perLabel: [Int], mnist: DigitSet?, options: Teacher.Options) throws -> [Row] {
        let replay = try ReplaySample.shipped()
        let symbols = SymbolFixtures.labels
        let labels = OutputLabels(names: base.labels.classes + symbols + (base.rejects ? [nil] : []))
        var rows: [Row] = []
        for writer in writers {
            var rng = SeededGenerator(seed: UInt64(writer) * 7919)
            let pen = 14 + Double(rng.next() % 23)
            func drawings(_ count: Int) -> [(symbol: Int, drawing: Drawing)] {
                symbols.indices.flatMap { s in
                    (0 ..< count).map { _ in (s, SymbolFixtures.drawing(of: symbols[s], writer: writer, pen: pen, rng: &rng)) }
                }
            }
            let tested = drawings(testedPerLabel)
            let most = perLabel.max() ?? 5
            let pool = drawings(most)   // grouped by symbol, `most` each
            for count in perLabel {
                let taught = pool.enumerated().filter { $0.offset % most < count }.map(\.element)
                let examples = taught.compactMap { item in
                    HandwritingExamples.networkInput(item.drawing, raster: false).map {
                        Teacher.Example(input: $0, label: base.labels.classes.count + item.symbol, strokes: item.drawing.strokes.map(\.points))
                    }
                }
                let outcome = try Teacher.teach(base: base.networks, labels: labels, examples: examples, replay: replay, options: options)
                let personal = try Recognizer(networks: outcome.networks, source: "writer \(writer)")
                var row = Row(writer: writer, perLabel: count, tested: 0, correct: 0, readAsDigit: 0, rejected: 0,
                              mnist: mnist.map { Evaluation(model: personal.ensemble, set: $0).accuracy }, seconds: outcome.seconds)
                for raster in [false, true] {
                    let inputs = tested.map { HandwritingExamples.networkInput($0.drawing, raster: raster) ?? [Float](repeating: 0, count: 784) }
                    for (item, r) in zip(tested, personal.recognize(inputs: inputs)) {
                        row.tested += 1
                        if r.answerLabel == symbols[item.symbol] { row.correct += 1 }
                        else if r.answerLabel == nil { row.rejected += 1 }
                        else if OutputLabels.digitNames.contains(r.label) { row.readAsDigit += 1 }
                    }
                }
                rows.append(row)
            }
        }
        return rows
    }
}
