import Foundation

/// Mini-batch training of a ``Sequential`` on a ``DigitSet``, with a per-epoch learning-rate decay,
/// a progress callback, and reproducible shuffling and augmentation from one seed (whatever the
/// thread count: each image's randomness is seeded from the seed, epoch and position).
public final class Trainer {
    /// The defaults are the shipped model's recipe.
    public struct Options: Sendable {
        public var epochs = 22
        public var batchSize = 128
        public var learningRate: Float = 1e-3
        /// Learning rate is multiplied by this after each epoch.
        public var decay: Float = 0.87
        public var seed: UInt64 = 1
        public var useSGD = false
        /// Adam's decoupled weight decay (AdamW; 0: none). See ``Adam/weightDecay``.
        public var weightDecay: Float = 0
        /// When above 0, the weights of every step of the last this many epochs are averaged, and
        /// ``applyAverage()`` puts the mean in the model after training.
        public var averageLastEpochs = 0
        /// When set, the averaged epochs run at this constant learning rate instead of the
        /// decaying one (stochastic weight averaging, Izmailov et al. 2018); the epochs before them
        /// decay as usual.
        public var averageLearningRate: Float?
        /// Models whose answers the network learns from beside the labels (knowledge
        /// distillation, Hinton et al. 2015): each example's target is ``teacherShare`` of the
        /// teachers' mean probabilities for the same input and the rest on its label. They need
        /// the network's outputs; none (the default): the labels alone.
        public var teachers: [ExecutionPlan] = []
        public var teacherShare: Float = 0.5
        public init() {}
    }

    /// What the progress callback sees after each batch.
    public struct Progress: Sendable {
        public var epoch: Int, epochs: Int
        public var batch: Int, batches: Int
        public var loss: Float, accuracy: Float
        public var learningRate: Float
        public var imagesPerSecond: Double
        public var secondsLeft: Double

        /// Seconds left when `runs` more runs as long as this one (begun at `start`) follow it:
        /// the networks of an ensemble, trained one after the other.
        public func secondsLeft(followedBy runs: Int, started start: Date) -> Double {
            secondsLeft + Double(runs) * (Date().timeIntervalSince(start) + secondsLeft)
        }
    }

    /// Turns one 28x28 image of the set into a network input of 784 floats (augmentation).
    public typealias Transform = @Sendable (_ pixels: UnsafePointer<Float>, _ rng: inout SeededGenerator) -> [Float]

    public let model: Sequential
    public let options: Options
    public let optimizer: Optimizer
    /// The mean weights of the last epochs' steps, while `options.averageLastEpochs` asks for it.
    private var average: WeightAverage?

    public init(model: Sequential, options: Options) {
        self.model = model
        self.options = options
        optimizer = options.useSGD ? SGD(learningRate: options.learningRate) : Adam(learningRate: options.learningRate, weightDecay: options.weightDecay)
    }

    /// Trains for `options.epochs` on `examples`, reporting after every batch; `endOfEpoch` runs
    /// after each epoch (the command line evaluates and saves a checkpoint there). Stops after the
    /// batch during which `isCancelled` turns true, and returns false then.
    @discardableResult
    public func train(on examples: some TrainingExamples, progress: (Progress) -> Void, endOfEpoch: (Int) -> Void = { _ in },
                      isCancelled: () -> Bool = { false }) -> Bool {
        let count = examples.count
        let batches = (count + options.batchSize - 1) / options.batchSize
        let start = Date()
        var done = 0
        let total = batches * options.epochs
        for epoch in 0 ..< options.epochs {
            optimizer.learningRate = learningRate(ofEpoch: epoch)
            let order = order(ofEpoch: epoch, count: count)
            var lossSum: Float = 0, correct = 0, seen = 0
            for b in 0 ..< batches {
                let ids = Array(order[b * options.batchSize ..< min(count, (b + 1) * options.batchSize)])
                let (loss, ok) = step(examples, ids, epoch: epoch)
                if isAveraged(epoch) {
                    if average == nil { average = WeightAverage(of: model) }
                    average?.add()
                }
                lossSum += loss * Float(ids.count); correct += ok; seen += ids.count
                done += 1
                let elapsed = Date().timeIntervalSince(start)
                let rate = Double(done * options.batchSize) / max(elapsed, 1e-9)
                progress(Progress(epoch: epoch + 1, epochs: options.epochs, batch: b + 1, batches: batches,
                                  loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen), learningRate: optimizer.learningRate,
                                  imagesPerSecond: rate, secondsLeft: elapsed / Double(done) * Double(total - done)))
                if isCancelled() { return false }
            }
            endOfEpoch(epoch + 1)
        }
        return true
    }

    /// Whether the steps of `epoch` (from 0) go into the average.
    func isAveraged(_ epoch: Int) -> Bool {
        epoch >= options.epochs - options.averageLastEpochs
    }

    /// The learning rate of `epoch` (from 0): decaying from the first, or constant in the averaged
    /// epochs when ``Options/averageLearningRate`` is set.
    func learningRate(ofEpoch epoch: Int) -> Float {
        if isAveraged(epoch), let constant = options.averageLearningRate { return constant }
        return options.learningRate * pow(options.decay, Float(epoch))
    }

    /// Puts the weights averaged over the last `options.averageLastEpochs` epochs' steps into the
    /// model, and returns how many steps they are the mean of (0: nothing was averaged).
    @discardableResult
    public func applyAverage() -> Int {
        guard let average else { return 0 }
        average.apply()
        return average.steps
    }

    /// The first `count` examples of the first epoch's order, as training sees them (to look at).
    public func firstBatchInputs(_ examples: some TrainingExamples, count: Int) -> [(input: [Float], label: Int)] {
        let ids = Array(order(ofEpoch: 0, count: examples.count).prefix(count))
        let x = makeBatch(examples, ids, epoch: 0)
        return ids.enumerated().map { (Array(x.data[$0.offset * 784 ..< ($0.offset + 1) * 784]), examples.label($0.element)) }
    }

    /// The order an epoch visits `count` examples in, shuffled from the seed and the epoch.
    func order(ofEpoch epoch: Int, count: Int) -> [Int] {
        var rng = SeededGenerator(seed: options.seed &+ UInt64(epoch) &* 0x9E37_79B9)
        var order = Array(0 ..< count)
        order.shuffle(using: &rng)
        return order
    }

    /// One optimisation step on the examples `ids`. With teachers, towards their targets
    /// (``targets(_:labels:)``), every example made afresh. Otherwise those whose frozen-layer
    /// outputs the examples know (``TrainingExamples/frozenOutput(_:)``) skip the frozen layers;
    /// the others are made and run through them as usual.
    func step(_ examples: some TrainingExamples, _ ids: [Int], epoch: Int) -> (loss: Float, correct: Int) {
        let labels = ids.map { examples.label($0) }
        if !options.teachers.isEmpty {
            let x = makeBatch(examples, ids, epoch: epoch)
            return model.trainStep(x, targets: targets(x, labels: labels), labels: labels, optimizer: optimizer)
        }
        let known = model.frozenLayers > 0 ? ids.map { examples.frozenOutput($0) } : []
        guard known.contains(where: { $0 != nil }) else {
            return model.trainStep(makeBatch(examples, ids, epoch: epoch), labels: labels, optimizer: optimizer)
        }
        let plan = model.trainingPlan
        let shape = plan.frozenOutputShape, width = shape.reduce(1, *)
        let fresh = ids.indices.filter { known[$0] == nil }
        let made = fresh.isEmpty ? nil : plan.frozenOutputs(makeBatch(examples, fresh.map { ids[$0] }, epoch: epoch))
        var y = Tensor(shape: [ids.count] + shape)
        for (slot, output) in known.enumerated() {
            if let output {
                precondition(output.count == width, "a kept frozen output has \(output.count) values, not \(width)")
                y.data.replaceSubrange(slot * width ..< (slot + 1) * width, with: output)
            }
        }
        for (k, slot) in fresh.enumerated() {
            y.data.replaceSubrange(slot * width ..< (slot + 1) * width, with: made!.data[k * width ..< (k + 1) * width])
        }
        return model.trainStep(frozenOutputs: y, labels: labels, optimizer: optimizer)
    }

    /// The targets of a batch `x` with `labels` when learning from teachers: ``Options/teacherShare``
    /// of the teachers' mean probabilities and the rest on the label.
    func targets(_ x: Tensor, labels: [Int]) -> Tensor {
        var mean = Ensemble(options.teachers).mean(x)
        let k = mean.itemCount, share = options.teacherShare
        for b in 0 ..< labels.count {
            for j in 0 ..< k { mean.data[b * k + j] = share * mean.data[b * k + j] + (j == labels[b] ? 1 - share : 0) }
        }
        return mean
    }

    /// The batch of examples `ids`, each made on some thread with its own generator seeded from the
    /// seed, the epoch and the example's index.
    func makeBatch(_ examples: some TrainingExamples, _ ids: [Int], epoch: Int) -> Tensor {
        let size = DigitSet.side * DigitSet.side
        var x = Tensor(shape: [ids.count, DigitSet.side, DigitSet.side, 1])
        let seed = options.seed
        x.data.withUnsafeMutableBufferPointer { dst in
            let out = dst.baseAddress!
            Parallel.forEachUneven(ids.count) { slot in
                var rng = SeededGenerator(seed: seed ^ (UInt64(epoch) << 32) ^ UInt64(ids[slot]) &* 0x2545_F491_4F6C_DD1D)
                let img = examples.input(ids[slot], rng: &rng)
                for p in 0 ..< size { out[slot * size + p] = img[p] }
            }
        }
        return x
    }
}

/// Where a ``Trainer`` takes its examples from: a count, each example's class, and its network
/// input, which may be made afresh (augmented) every time it is asked for.
public protocol TrainingExamples: Sendable {
    var count: Int { get }
    func label(_ index: Int) -> Int
    /// The 784 inputs of example `index`; `rng` is seeded from the training seed, the epoch and `index`.
    func input(_ index: Int, rng: inout SeededGenerator) -> [Float]
    /// What the model's frozen layers make of example `index` (``ExecutionPlan/frozenOutputs(_:)``),
    /// when the example never varies and that is known: a ``Trainer`` then skips those layers for
    /// it. Nil (the default): make the example and run them.
    func frozenOutput(_ index: Int) -> ArraySlice<Float>?
}

extension TrainingExamples {
    public func frozenOutput(_ index: Int) -> ArraySlice<Float>? { nil }
}

/// A ``DigitSet`` as training examples, each image passed through an optional transform.
public struct TransformedDigits: TrainingExamples {
    public var digits: DigitSet
    public var transform: Trainer.Transform?

    public init(set: DigitSet, transform: Trainer.Transform?) {
        digits = set
        self.transform = transform
    }

    public var count: Int { digits.count }
    public func label(_ index: Int) -> Int { digits.labels[index] }

    public func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
        let size = DigitSet.side * DigitSet.side
        return digits.pixels.withUnsafeBufferPointer { src in
            let image = src.baseAddress! + index * size
            return transform?(image, &rng) ?? Array(UnsafeBufferPointer(start: image, count: size))
        }
    }
}
