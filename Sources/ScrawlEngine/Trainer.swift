import Foundation

/// Mini-batch training of a ``Sequential`` on a ``DigitSet``, with a per-epoch learning-rate decay,
/// a progress callback, and reproducible shuffling and augmentation from one seed (whatever the
/// thread count: each image's randomness is seeded from the seed, epoch and position).
public final class Trainer {
    public struct Options: Sendable {
        public var epochs = 20
        public var batchSize = 128
        public var learningRate: Float = 1e-3
        /// Learning rate is multiplied by this after each epoch.
        public var decay: Float = 0.9
        public var seed: UInt64 = 1
        public var useSGD = false
        public init() {}
    }

    /// What the progress callback sees after each batch.
    public struct Progress: Sendable {
        public var epoch: Int, epochs: Int
        public var batch: Int, batches: Int
        public var loss: Float, accuracy: Float
        public var imagesPerSecond: Double
        public var secondsLeft: Double
    }

    /// Turns one 28x28 image of the set into a network input of 784 floats (augmentation).
    public typealias Transform = @Sendable (_ pixels: UnsafePointer<Float>, _ rng: inout SeededGenerator) -> [Float]

    public let model: Sequential
    public let options: Options
    public let optimizer: Optimizer

    public init(model: Sequential, options: Options) {
        self.model = model
        self.options = options
        optimizer = options.useSGD ? SGD(learningRate: options.learningRate) : Adam(learningRate: options.learningRate)
    }

    /// Trains for `options.epochs`, reporting after every batch; `endOfEpoch` runs after each epoch
    /// (the command line evaluates and saves a checkpoint there).
    public func train(on data: DigitSet, transform: Transform?, progress: (Progress) -> Void, endOfEpoch: (Int) -> Void = { _ in }) {
        let batches = (data.count + options.batchSize - 1) / options.batchSize
        let start = Date()
        var done = 0
        let total = batches * options.epochs
        for epoch in 0 ..< options.epochs {
            optimizer.learningRate = options.learningRate * pow(options.decay, Float(epoch))
            var rng = SeededGenerator(seed: options.seed &+ UInt64(epoch) &* 0x9E37_79B9)
            var order = Array(0 ..< data.count)
            order.shuffle(using: &rng)
            var lossSum: Float = 0, correct = 0, seen = 0
            for b in 0 ..< batches {
                let ids = Array(order[b * options.batchSize ..< min(data.count, (b + 1) * options.batchSize)])
                let x = makeBatch(data, ids, epoch: epoch, transform: transform)
                let labels = ids.map { data.labels[$0] }
                let (loss, ok) = model.trainStep(x, labels: labels, optimizer: optimizer)
                lossSum += loss * Float(ids.count); correct += ok; seen += ids.count
                done += 1
                let elapsed = Date().timeIntervalSince(start)
                let rate = Double(done * options.batchSize) / max(elapsed, 1e-9)
                progress(Progress(epoch: epoch + 1, epochs: options.epochs, batch: b + 1, batches: batches,
                                  loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen),
                                  imagesPerSecond: rate, secondsLeft: elapsed / Double(done) * Double(total - done)))
            }
            endOfEpoch(epoch + 1)
        }
    }

    func makeBatch(_ data: DigitSet, _ ids: [Int], epoch: Int, transform: Transform?) -> Tensor {
        guard let transform else { return data.batch(ids) }
        let size = DigitSet.side * DigitSet.side
        var x = Tensor(shape: [ids.count, DigitSet.side, DigitSet.side, 1])
        let seed = options.seed
        data.pixels.withUnsafeBufferPointer { src in
            x.data.withUnsafeMutableBufferPointer { dst in
                let out = dst.baseAddress!
                Parallel.forChunks(ids.count, cost: Parallel.minimumWork) { range in   // each image is worth a thread
                    for slot in range {
                        var rng = SeededGenerator(seed: seed ^ (UInt64(epoch) << 32) ^ UInt64(ids[slot]) &* 0x2545_F491_4F6C_DD1D)
                        let img = transform(src.baseAddress! + ids[slot] * size, &rng)
                        for p in 0 ..< size { out[slot * size + p] = img[p] }
                    }
                }
            }
        }
        return x
    }
}
