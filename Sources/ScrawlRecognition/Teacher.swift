import Foundation
import ScrawlEngine

/// Teaches a model a person's handwriting: fine-tunes a copy of a base model on their examples.
///
/// The convolutions stay frozen (the plan runs them as in inference and takes no gradient below
/// the first dense layer); the dense layers learn from the person's examples, each in fresh
/// variations every epoch, mixed with the whole replay of other people's digits
/// (``ReplaySample``), as it is, and, when the model has that output, drawings that are not
/// digits, so the model keeps reading everyone else. A few examples per label are held back to
/// report how well it reads the person. A person's model is one network: a base of several (an
/// ensemble) teaches its first, the one that answers alone every drawing it is sure of
/// (``Ensemble``); teaching each network would take as many times as long.
public enum Teacher {
    /// One labelled example: the network input (a preprocessed drawing, 784 values), the output
    /// it should give, and the strokes it was drawn with when known (they vary better than pixels).
    public struct Example: Sendable {
        public var input: [Float]
        public var label: Int
        public var strokes: [[Point]]?

        public init(input: [Float], label: Int, strokes: [[Point]]? = nil) {
            self.input = input
            self.label = label
            self.strokes = strokes
        }
    }

    public struct Options: Sendable {
        /// Passes over the examples: with 8, one writer in `scrawl evaluate --only personal` read
        /// worse than with the base for two seeds of six; with 10, none for any (README).
        public var epochs = 10
        public var learningRate: Float = 5e-4
        public var decay: Float = 0.8
        public var batchSize = 64
        /// Variations of the person's examples per epoch, three fifths of the shipped replay's
        /// 2,000 digits (at least 4 and at most `variations` of each): a few examples weigh as
        /// much as many (three symbols × four), and many (ten symbols × ten) neither outweigh the
        /// replay, which keeps the model reading everyone's digits, nor make teaching slow.
        public var personalPerEpoch = 1200
        public var variations = 96
        /// Drawings that are not digits per epoch, for a model with that output.
        public var nonDigitsPerEpoch = 240
        /// Examples held back per label to score the result, for labels with at least three.
        public var heldBackPerLabel = 1
        public var seed: UInt64 = 1
        public init() {}
    }

    /// A taught model and how well it read the examples it never trained on.
    public struct Outcome {
        /// The taught model's networks: one, the base's first network taught.
        public var networks: [Sequential]
        /// Held-back examples read right, of `heldBack`; nil when none were held back.
        public var heldBackCorrect: Int?, heldBack: Int
        public var heldBackAccuracy: Double? { heldBackCorrect.map { Double($0) / Double(max(1, heldBack)) } }
        public var seconds: Double
    }

    /// Why teaching stopped without a model.
    public enum TeachError: Error, CustomStringConvertible, Equatable {
        case noExamples
        case tooFewExamples(label: String, count: Int)
        case labelOutOfRange(Int)
        case cancelled
        public var description: String {
            switch self {
            case .noExamples: return tr("there are no examples to learn from")
            case let .tooFewExamples(label, count): return trn("label {label} has {count} example; at least 2 are needed", "label {label} has {count} examples; at least 2 are needed",
                                                                      count, ["label": label])
            case let .labelOutOfRange(l): return tr("example label {label} is not one of the model's outputs", ["label": String(l)])
            case .cancelled: return tr("teaching was cancelled")
            }
        }
    }

    /// How far (in logits) an output starts above the base's best guess on the examples it is
    /// pushed towards.
    static let lead: Float = 2

    /// A copy of `base` answering `labels` (the base's own labels when they are the same), each
    /// output set up to read its examples before fine-tuning starts:
    /// - a new output (a symbol the base never read) starts from zero and is pushed along the
    ///   average features of all its examples;
    /// - an output the base has keeps its weights, and is pushed along the average features of
    ///   those of its examples the base misreads (a person's λ-shaped 4, read as "not a digit"),
    ///   since a few epochs on the dense layers alone move an established output too little to
    ///   reach a shape the base has never seen as it.
    ///
    /// Either push is scaled so that the examples score, on average, ``lead`` above the base's best
    /// guess for them: they start out read as their label (one far from the others may lag), and
    /// fine-tuning sharpens it.
    static func answering(_ labels: OutputLabels, from base: Sequential, examples: [Example]) throws -> Sequential {
        let baseLabels = try OutputLabels(of: base)
        var model = try ModelFile.decode(try ModelFile.encode(base))
        let sources = labels.names.map { baseLabels.names.firstIndex(of: $0) }
        if labels != baseLabels {
            let width = (model.layers.last as? Dense)?.inputs ?? 0
            model = try model.withOutputs(from: sources) { _ in [Float](repeating: 0, count: width) }
            model.metadata[OutputLabels.metadataKey] = labels.metadataValue
        }
        guard !examples.isEmpty, let last = model.layers.last as? Dense else { return model }
        let x = Tensor(shape: [examples.count, 28, 28, 1], data: examples.flatMap(\.input))
        let features = model.features(x), logits = last.forward(features, training: false)
        let (width, units) = (last.inputs, last.units)
        var weight = last.weight.value
        for (output, ids) in Dictionary(grouping: examples.indices, by: { examples[$0].label }) {
            // How far each example's output lags the base's best guess (above 0: misread).
            let lags = ids.map { i in (example: i, gap: logits.data[i * units ..< (i + 1) * units].max()! - logits.data[i * units + output]) }
            let pushed = sources[output] == nil ? lags : lags.filter { $0.gap > 0 }
            guard !pushed.isEmpty else { continue }
            var mean = [Float](repeating: 0, count: width)
            for (i, _) in pushed { for j in 0 ..< width { mean[j] += features.data[i * width + j] / Float(pushed.count) } }
            let gap = pushed.map(\.gap).reduce(0, +) / Float(pushed.count)
            let norm = mean.reduce(0) { $0 + $1 * $1 }
            guard norm > 0 else { continue }
            for j in 0 ..< width { weight[j * units + output] += mean[j] * (max(gap, 1) + lead) / norm }
        }
        last.weight.value = weight
        return model
    }

    /// The layer below which a base network stays frozen: its first dense layer.
    static func firstTrainableLayer(of model: Sequential) -> Int {
        model.layers.firstIndex { $0 is Dense } ?? 0
    }

    /// Fine-tunes a copy of `base`'s first network (never changed) on `examples`, reporting
    /// progress after every batch; stops with
    /// ``TeachError/cancelled`` when `isCancelled` turns true. The copy answers `labels`: an
    /// output the base has keeps its weights, a new one (a symbol the base never read) starts
    /// from the average features of its examples, an output `labels` leaves out is dropped.
    /// Example labels index `labels`.
    public static func teach(base: [Sequential], labels: OutputLabels, examples: [Example], replay: DigitSet,
                             options: Options = Options(), progress: (Trainer.Progress) -> Void = { _ in },
                             isCancelled: () -> Bool = { false }) throws -> Outcome {
        let start = Date()
        guard !base.isEmpty else { throw ModelError.shapeMismatch("a model needs at least one network") }
        guard !examples.isEmpty else { throw TeachError.noExamples }
        if let bad = examples.first(where: { !labels.names.indices.contains($0.label) }) { throw TeachError.labelOutOfRange(bad.label) }
        let byLabel = Dictionary(grouping: examples.indices, by: { examples[$0].label })
        if let (label, ids) = byLabel.first(where: { $0.value.count < 2 }) {
            throw TeachError.tooFewExamples(label: labels.names[label] ?? tr("not a digit"), count: ids.count)
        }
        // Hold back the last example(s) of each label that has enough to spare.
        var heldBack: [Example] = [], training: [Example] = []
        for label in byLabel.keys.sorted() {
            let ids = byLabel[label]!
            let spare = ids.count >= 3 ? min(options.heldBackPerLabel, ids.count - 2) : 0
            training += ids.dropLast(spare).map { examples[$0] }
            heldBack += ids.suffix(spare).map { examples[$0] }
        }

        let taught = [try teach(base[0], labels: labels, training: training, replay: replay, options: options,
                                progress: progress, isCancelled: isCancelled)]

        var correct: Int?
        if !heldBack.isEmpty {
            let x = Tensor(shape: [heldBack.count, 28, 28, 1], data: heldBack.flatMap(\.input))
            correct = zip(taught[0].inferencePlan().predict(x).argmaxPerItem(), heldBack).filter { $0 == $1.label }.count
        }
        return Outcome(networks: taught, heldBackCorrect: correct, heldBack: heldBack.count, seconds: Date().timeIntervalSince(start))
    }

    /// One network of the base, taught on `training`.
    private static func teach(_ base: Sequential, labels: OutputLabels, training: [Example], replay: DigitSet, options: Options,
                              progress: (Trainer.Progress) -> Void, isCancelled: () -> Bool) throws -> Sequential {
        let model = try answering(labels, from: base, examples: training)
        model.frozenLayers = firstTrainableLayer(of: model)
        var trainerOptions = Trainer.Options()
        trainerOptions.epochs = options.epochs
        trainerOptions.batchSize = options.batchSize
        trainerOptions.learningRate = options.learningRate
        trainerOptions.decay = options.decay
        trainerOptions.seed = options.seed
        // Other people's digits keep their outputs; a model without digits learns them as
        // "none of these" (or does without them when it has no such output).
        let replayTargets = (0 ... 9).map { labels.names.firstIndex(of: String($0)) ?? labels.rejectIndex }
        // Every replay digit, every epoch, as it is: varied as images, or only 1,200 of the 2,000,
        // it left writers worse off in `scrawl evaluate --only personal` (README).
        let replaySet = replayTargets.contains(nil) ? DigitSet(pixels: [], labels: [])
            : DigitSet(pixels: replay.pixels, labels: replay.labels.map { replayTargets[$0]! })
        let replayOutputs = replaySet.count == 0 ? []
            : model.trainingPlan.frozenOutputs(Tensor(shape: [replaySet.count] + model.inputShape, data: replaySet.pixels)).data
        let variations = min(options.variations, max(4, options.personalPerEpoch / training.count))
        let source = PersonalExamples(examples: training, variations: variations, replay: replaySet, replayOutputs: replayOutputs,
                                      nonDigitCount: options.nonDigitsPerEpoch, rejectLabel: labels.rejectIndex,
                                      nonDigitKinds: labels.isDigits ? NonDigits.kinds : NonDigits.marks)
        let trainer = Trainer(model: model, options: trainerOptions)
        let finished = trainer.train(on: source, progress: progress, isCancelled: isCancelled)
        guard finished else { throw TeachError.cancelled }
        model.frozenLayers = 0
        return model
    }
}
