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

    /// Layers below this index are frozen: training leaves their weights (and BatchNorm
    /// statistics) as they are, runs them as in inference, and computes no gradient below the
    /// lowest layer that learns. 0 (the default): every layer learns.
    public var frozenLayers = 0 {
        didSet { plan = nil }
    }

    /// The training plan (``ExecutionPlanner``), made on first use and again after ``frozenLayers`` changes.
    public var trainingPlan: ExecutionPlan {
        if let plan { return plan }
        let made = ExecutionPlanner.plan(self, purpose: .training, frozenLayers: frozenLayers)
        plan = made
        return made
    }
    private var plan: ExecutionPlan?

    /// An inference plan: BatchNorm folded into the convolution or dense layer before it (or into
    /// the epilogue of a convolution before a ReLU), ReLU fused into the convolution, dropout an
    /// identity. Gives the same outputs as ``forward(_:training:)`` in inference up to float
    /// rounding. Make a new one after training: it shares the layers it does not fold.
    public func inferencePlan() -> ExecutionPlan {
        ExecutionPlanner.plan(self, purpose: .inference)
    }

    /// Logits for a batch `[n] + inputShape`: in training, through the training plan (which keeps
    /// what ``backward(_:)`` needs); in inference, every layer on its own, nothing fused (the
    /// reference an ``inferencePlan()`` is tested against).
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { return trainingPlan.forward(x) }
        var y = x
        for layer in layers { y = layer.forward(y, training: false) }
        return y
    }

    /// Backpropagates d(loss)/d(logits) through the training plan after a training forward pass,
    /// leaving gradients in the trainable parameters.
    public func backward(_ dLogits: Tensor) {
        trainingPlan.backward(dLogits)
    }

    /// One optimisation step on a batch; returns the mean loss and the number classified correctly.
    public func trainStep(_ x: Tensor, labels: [Int], optimizer: Optimizer) -> (loss: Float, correct: Int) {
        learn(from: trainingPlan.forward(x), labels: labels, optimizer: optimizer)
    }

    /// ``trainStep(_:labels:optimizer:)`` on a batch given as the frozen layers' outputs
    /// (``ExecutionPlan/frozenOutputs(_:)`` of the training plan): only the layers that learn run.
    public func trainStep(frozenOutputs y: Tensor, labels: [Int], optimizer: Optimizer) -> (loss: Float, correct: Int) {
        learn(from: trainingPlan.forward(fromFrozenOutputs: y), labels: labels, optimizer: optimizer)
    }

    /// ``trainStep(_:labels:optimizer:)`` towards a target distribution for each item (`targets`,
    /// `[n, classes]`) instead of its label; `labels` only count the items classified correctly.
    public func trainStep(_ x: Tensor, targets: Tensor, labels: [Int], optimizer: Optimizer) -> (loss: Float, correct: Int) {
        learn(from: trainingPlan.forward(x), labels: labels, targets: targets, optimizer: optimizer)
    }

    /// The step after a training forward pass: loss (against `targets` when given, else the
    /// labels), backward pass, update.
    private func learn(from logits: Tensor, labels: [Int], targets: Tensor? = nil, optimizer: Optimizer) -> (loss: Float, correct: Int) {
        let plan = trainingPlan
        let (loss, grad) = targets.map { SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: $0) }
            ?? SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        plan.backward(grad)
        optimizer.step(plan.trainableParameters)
        let correct = zip(logits.argmaxPerItem(), labels).filter { $0 == $1 }.count
        return (loss, correct)
    }

    /// ``trainStep(_:labels:optimizer:)`` with each stage timed (`clock()` in seconds), for `scrawl
    /// bench --only layers`: the stages' names and forward and backward times, and the optimizer's.
    public func timedTrainStep(_ x: Tensor, labels: [Int], optimizer: Optimizer, clock: () -> Double)
        -> (stages: [(name: String, forward: Double, backward: Double)], update: Double) {
        let plan = trainingPlan
        let count = plan.stages.count
        var forward = [Double](repeating: 0, count: count), backward = forward
        withoutActuallyEscaping(clock) { clock in
            let logits = forward.withUnsafeMutableBufferPointer { plan.run(x, clock: clock, seconds: $0.baseAddress!) }
            let grad = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).gradient
            backward.withUnsafeMutableBufferPointer { plan.backward(grad, clock: clock, seconds: $0.baseAddress!) }
        }
        let t = clock()
        optimizer.step(plan.trainableParameters)
        let update = clock() - t
        let timed = plan.stages.enumerated().map { i, stage in
            (name: "\(plan.layersText(stage)) \(plan.stageName(stage))", forward: forward[i], backward: backward[i])
        }
        return (timed, update)
    }
}
