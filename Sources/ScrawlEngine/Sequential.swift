/// A feed-forward network: layers applied in order to `inputShape` items, ending in class logits.
public final class Sequential {
    /// Item shape the network takes (for Scrawl's models `[28, 28, 1]`).
    public let inputShape: [Int]
    public let layers: [Layer]
    /// Free-form facts saved with the model (name, accuracy, the command that trained it).
    public var metadata: [String: String]

    /// Builds a network from its description, initialising weights from `seed`.
    public init(inputShape: [Int], specs: [LayerSpec], seed: UInt64 = 1, metadata: [String: String] = [:]) throws {
        guard !specs.isEmpty else { throw ModelError.shapeMismatch("a model needs at least one layer") }
        guard specs.count <= Sequential.maxLayers else {
            throw ModelError.shapeMismatch("\(specs.count) layers is more than the \(Sequential.maxLayers) Scrawl accepts")
        }
        var rng = SeededGenerator(seed: seed)
        var shape = inputShape
        var built: [Layer] = []
        for (i, spec) in specs.enumerated() {
            let layer = try spec.makeLayer(input: shape, index: i, rng: &rng)
            shape = layer.outputShape(for: shape)
            built.append(layer)
        }
        guard shape.count == 1 else { throw ModelError.shapeMismatch("the last layer must give a vector of logits, not \(shape)") }
        self.inputShape = inputShape
        self.layers = built
        self.metadata = metadata
        fuseReLUs()
    }

    /// Lets each ReLU's neighbours do its work, saving two passes over its tensor per step: a
    /// convolution before it rectifies in its epilogue (the ReLU keeps the output for its mask), a
    /// max-pool after it zeroes the gradient of zero outputs (the ReLU passes the gradient through).
    /// The architecture and every result stay the same.
    private func fuseReLUs() {
        for (i, layer) in layers.enumerated() {
            guard let relu = layer as? ReLU else { continue }
            if i > 0, let conv = layers[i - 1] as? Conv2D, !conv.epilogue.relu, conv.epilogue.scale == nil, conv.epilogue.shift == nil {
                conv.epilogue.relu = true
                relu.inputIsRectified = true
            }
            if i + 1 < layers.count, let pool = layers[i + 1] as? MaxPool2D {
                pool.inputIsReLU = true
                relu.gradientIsMaskedAfter = true
            }
        }
    }

    init(inputShape: [Int], layers: [Layer], metadata: [String: String]) {
        self.inputShape = inputShape
        self.layers = layers
        self.metadata = metadata
    }

    /// Largest layer count a model may declare.
    public static let maxLayers = 256

    public var specs: [LayerSpec] { layers.map(\.spec) }
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    /// Everything a model file stores: parameters then running statistics, layer by layer.
    public var storedTensors: [Parameter] { layers.flatMap { $0.parameters + $0.buffers } }
    /// Number of classes the network outputs.
    public var classCount: Int {
        var shape = inputShape
        for layer in layers { shape = layer.outputShape(for: shape) }
        return shape[0]
    }

    /// Logits for a batch `[n] + inputShape`.
    ///
    /// Inference on a large batch runs it in small chunks, each through every layer while its
    /// activations are still in the core's cache, the chunks spread over the threads; layer by
    /// layer, a thousand images' first activations alone would be 86 MB of memory traffic each way.
    /// Each image's result is the same either way.
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch
        let chunk = Sequential.inferenceChunk
        if training { return forwardForTraining(x).logits }
        if n < 4 * chunk {
            var y = x
            for layer in layers { y = layer.forward(y, training: false) }
            return y
        }
        // The first chunk runs alone: layers that cache derived weights fill their caches here.
        let chunks = (n + chunk - 1) / chunk
        var first = x.batchSlice(0 ..< chunk)
        for layer in layers { first = layer.forward(first, training: false) }
        let width = first.itemCount
        var out = Tensor(uninitializedShape: [n] + first.shape.dropFirst())
        out.data.withUnsafeMutableBufferPointer { o in
            let base = o.baseAddress!
            base.update(from: first.data, count: first.count)
            Parallel.forEach(chunks - 1) { c in
                let range = (c + 1) * chunk ..< min(n, (c + 2) * chunk)
                var y = x.batchSlice(range)
                for layer in layers { y = layer.forward(y, training: false) }
                (base + range.lowerBound * width).update(from: y.data, count: y.count)
            }
        }
        return out
    }

    /// Images per chunk for large-batch inference (measured on the peer CNN: 32 beats 16, 24, 48, 64).
    static let inferenceChunk = 32

    /// Backpropagates d(loss)/d(logits) through every layer, leaving gradients in the parameters.
    @discardableResult
    public func backward(_ dLogits: Tensor) -> Tensor {
        var g = dLogits
        for layer in layers.reversed() { g = layer.backward(g) }
        return g
    }

    /// What a training step runs, in order: each layer on its own, except a first convolution,
    /// ReLU and max-pool, which run together image by image (``TrainingStage/imageByImage(_:_:_:)``).
    /// Fixed once the layers are (``fuseReLUs()`` runs in the initialiser).
    private(set) lazy var trainingStages: [TrainingStage] = {
        if layers.count > 3, let conv = layers[0] as? Conv2D, conv.forwardsImageByImage, conv.hasSmallWindow,
           let relu = layers[1] as? ReLU, relu.inputIsRectified, relu.gradientIsMaskedAfter,
           let pool = layers[2] as? MaxPool2D {
            return [.imageByImage(conv, relu, pool)] + layers.dropFirst(3).map { .layer($0) }
        }
        return layers.map { .layer($0) }
    }()

    /// The training forward pass, stage by stage; with `clock` (seconds), each stage's time.
    private func forwardForTraining(_ x: Tensor, clock: (() -> Double)? = nil) -> (logits: Tensor, seconds: [Double]) {
        var y = x, seconds: [Double] = []
        for stage in trainingStages {
            let t = clock?() ?? 0
            y = stage.forward(y)
            if let clock { seconds.append(clock() - t) }
        }
        return (y, seconds)
    }

    /// Backpropagates for training: like ``backward(_:)``, stage by stage, but the first stage
    /// skips its input gradient; with `clock`, returns each stage's time.
    @discardableResult
    func backwardForTraining(_ dLogits: Tensor, clock: (() -> Double)? = nil) -> [Double] {
        var g = dLogits, seconds = [Double](repeating: 0, count: trainingStages.count)
        for (i, stage) in trainingStages.enumerated().reversed() {
            let t = clock?() ?? 0
            if i == 0 { stage.backwardParametersOnly(g) } else { g = stage.backward(g) }
            if let clock { seconds[i] = clock() - t }
        }
        return seconds
    }

    /// One optimisation step on a batch; returns the mean loss and the number classified correctly.
    public func trainStep(_ x: Tensor, labels: [Int], optimizer: Optimizer) -> (loss: Float, correct: Int) {
        let logits = forward(x, training: true)
        let (loss, grad) = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        backwardForTraining(grad)
        optimizer.step(parameters)
        let correct = zip(logits.argmaxPerItem(), labels).filter { $0 == $1 }.count
        return (loss, correct)
    }

    /// ``trainStep(_:labels:optimizer:)`` with each stage timed (`clock()` in seconds), for `scrawl
    /// bench --only layers`: the stages' names and forward and backward times, and the optimizer's.
    public func timedTrainStep(_ x: Tensor, labels: [Int], optimizer: Optimizer, clock: () -> Double)
        -> (stages: [(name: String, forward: Double, backward: Double)], update: Double) {
        withoutActuallyEscaping(clock) { clock in
            let (logits, forward) = forwardForTraining(x, clock: clock)
            let backward = backwardForTraining(SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).gradient, clock: clock)
            let t = clock()
            optimizer.step(parameters)
            let update = clock() - t
            var first = 0, timed: [(name: String, forward: Double, backward: Double)] = []
            for (i, stage) in trainingStages.enumerated() {
                let count = stage.layers.count
                let index = count == 1 ? "layer \(first)" : "layers \(first)-\(first + count - 1)"
                timed.append(("\(index) \(stage.layers.map(\.spec.summary).joined(separator: " + "))", forward[i], backward[i]))
                first += count
            }
            return (timed, update)
        }
    }

    /// Class probabilities for a batch (inference mode).
    public func predict(_ x: Tensor) -> Tensor {
        SoftmaxCrossEntropy.softmax(forward(x, training: false))
    }

    /// An inference-only copy: BatchNorm folded into the convolution or dense layer before it, or
    /// fused into the epilogue of a convolution before a ReLU; ReLU fused into the convolution; dropout removed.
    /// Gives the same outputs as `forward(x, training: false)` up to float rounding.
    public func inferenceModel() -> Sequential {
        var out: [Layer] = []
        var i = 0
        while i < layers.count {
            let layer = layers[i]
            if layer is Dropout { i += 1; continue }
            if let dense = layer as? Dense, i + 1 < layers.count, let bn = layers[i + 1] as? BatchNorm {
                out.append(dense.foldBatchNorm(bn))
                i += 2
                continue
            }
            guard var conv = layer as? Conv2D else { out.append(layer); i += 1; continue }
            i += 1
            if i < layers.count, let bn = layers[i] as? BatchNorm {
                conv = conv.foldBatchNorm(bn)
                i += 1
            } else {
                conv = conv.foldBatchNorm(nil)
            }
            if i < layers.count, layers[i] is ReLU {
                conv.epilogue.relu = true
                i += 1
                if i < layers.count, let bn = layers[i] as? BatchNorm {
                    let (scale, shift) = bn.inferenceAffine()
                    conv.epilogue.scale = scale
                    conv.epilogue.shift = shift
                    i += 1
                }
            }
            out.append(conv)
        }
        return Sequential(inputShape: inputShape, layers: out, metadata: metadata)
    }
}
