import Foundation
import ScrawlEngine

/// How well a model says "not a digit": a set of ``NonDigits`` drawings made from a seed that
/// training never uses, each kind equally often, recognized through the stroke path.
public struct NonDigitScore: Sendable {
    /// The evaluation set's seeds start here; training draws its generators from the training seed,
    /// epoch and example index, which never reach this range in practice.
    public static let seedBase: UInt64 = 0x5EED_0E7A_0000_0000

    public var total = 0, rejected = 0
    /// Rejected and total per kind.
    public var byKind: [String: (rejected: Int, total: Int)] = [:]

    public var rejectionRate: Double { total == 0 ? 0 : Double(rejected) / Double(total) }

    /// The `index`-th drawing of the evaluation set, and its kind.
    public static func drawing(_ index: Int) -> (kind: String, drawing: Drawing) {
        let kind = NonDigits.kinds[index % NonDigits.kinds.count]
        var rng = SeededGenerator(seed: seedBase &+ UInt64(index))
        return (kind, NonDigits().drawing(of: kind, rng: &rng))
    }

    public init(recognizer: Recognizer, count: Int = 2000) {
        let made = Parallel.map(count, cost: Parallel.minimumWork) { i in   // each drawing is worth a thread
            let (kind, drawing) = Self.drawing(i)
            return (kind: kind, input: HandwritingExamples.networkInput(drawing, raster: false) ?? [Float](repeating: 0, count: 784))
        }
        for (item, r) in zip(made, recognizer.recognize(inputs: made.map(\.input))) {
            total += 1
            byKind[item.kind, default: (0, 0)].total += 1
            if !r.isDigit {
                rejected += 1
                byKind[item.kind, default: (0, 0)].rejected += 1
            }
        }
    }
}
