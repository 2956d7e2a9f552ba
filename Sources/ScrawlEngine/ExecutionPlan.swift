/// What runs for a network, stage by stage: an ordered, immutable list of stages, each naming its
/// kernels and what is folded or fused into it (``ExecutionPlanner`` builds it; ``describe()``
/// prints it, as `scrawl model describe` does).
///
/// A training plan is what ``Sequential/trainStep(_:labels:optimizer:)`` runs. An inference plan
/// (``Sequential/inferencePlan()``) runs folded convolutions on copies of their weights, but
/// shares the layers it runs as they are (a dense layer without BatchNorm, pooling): make a new
/// one after training the model.
public struct ExecutionPlan: @unchecked Sendable {
    // Unchecked: the stages reference layer objects. An inference plan's forward pass only reads
    // them (its convolutions' weights are packed when it is built), so any number of threads may
    // run it at once, as long as nobody trains the model it came from meanwhile. A training plan
    // is run by one caller at a time, like its model.

    /// What a plan is for.
    public enum Purpose: String, Sendable {
        case training, inference
    }

    public let purpose: Purpose
    let stages: [PlanStage]
    /// Item shape the network takes.
    public let inputShape: [Int]
    /// Layers below this index are frozen (training plans; 0: every layer learns).
    public let frozenLayers: Int
    /// The architecture the plan was made from (for stage names).
    let specs: [LayerSpec]

    init(purpose: Purpose, stages: [PlanStage], inputShape: [Int], frozenLayers: Int, specs: [LayerSpec]) {
        self.purpose = purpose
        self.stages = stages
        self.inputShape = inputShape
        self.frozenLayers = frozenLayers
        self.specs = specs
    }

    /// Number of classes the network outputs.
    public var classCount: Int { stages.last!.outputShape[0] }

    /// The parameters training updates: those of the stages that learn.
    public var trainableParameters: [Parameter] { stages.filter(\.learns).flatMap(\.parameters) }

    /// Logits for a batch `[n] + inputShape` (in a training plan, a training forward pass, which
    /// keeps what ``backward(_:)`` needs).
    ///
    /// Inference on a large batch runs it in small chunks, each through every stage while its
    /// activations are still in the core's cache, the chunks spread over the threads; stage by
    /// stage, a thousand images' first activations alone would be 86 MB of memory traffic each
    /// way. Each image's result is the same either way.
    public func forward(_ x: Tensor) -> Tensor {
        if purpose == .training { return run(x) }
        return inChunks(x, itemShape: [classCount]) { run($0) }
    }

    /// Images per chunk for large-batch inference (measured on the peer CNN: 32 beats 16, 24, 48, 64).
    static let inferenceChunk = 32

    /// `body` (stages run as in inference) over `x`: a large batch in chunks spread over the threads.
    private func inChunks(_ x: Tensor, itemShape: [Int], _ body: (Tensor) -> Tensor) -> Tensor {
        let n = x.batch, chunk = ExecutionPlan.inferenceChunk
        if n < 4 * chunk { return body(x) }
        let width = itemShape.reduce(1, *)
        var out = Tensor(uninitializedShape: [n] + itemShape)
        out.data.withUnsafeMutableBufferPointer { o in
            let base = o.baseAddress!
            Parallel.forEach((n + chunk - 1) / chunk) { c in
                let range = c * chunk ..< min(n, (c + 1) * chunk)
                let y = body(x.batchSlice(range))
                (base + range.lowerBound * width).update(from: y.data, count: y.count)
            }
        }
        return out
    }

    /// The first stage that learns (the stage count when none does).
    private var firstLearningStage: Int { stages.firstIndex(where: \.learns) ?? stages.count }

    /// The item shape the frozen stages give: what the first stage that learns takes.
    public var frozenOutputShape: [Int] {
        let first = firstLearningStage
        return first < stages.count ? stages[first].inputShape : stages.last!.outputShape
    }

    /// What the frozen stages make of a batch `[n] + inputShape`: the input of the first stage that
    /// learns. They run as in inference, so an item that never varies gives the same output every
    /// time, and a trainer may keep it (``Sequential/trainStep(frozenOutputs:labels:optimizer:)``).
    public func frozenOutputs(_ x: Tensor) -> Tensor {
        let frozen = stages[..<firstLearningStage]
        return inChunks(x, itemShape: frozenOutputShape) { chunk in frozen.reduce(chunk) { $1.forward($0) } }
    }

    /// A training forward pass from the frozen stages' outputs (``frozenOutputs(_:)``).
    func forward(fromFrozenOutputs y: Tensor) -> Tensor {
        stages[firstLearningStage...].reduce(y) { $1.forward($0) }
    }

    /// Every stage in order; with `clock` (seconds), each stage's time.
    func run(_ x: Tensor, clock: (() -> Double)? = nil, seconds: UnsafeMutablePointer<Double>? = nil) -> Tensor {
        var y = x
        for (i, stage) in stages.enumerated() {
            let t = clock?() ?? 0
            y = stage.forward(y)
            if let clock { seconds![i] = clock() - t }
        }
        return y
    }

    /// Class probabilities for a batch.
    public func predict(_ x: Tensor) -> Tensor {
        SoftmaxCrossEntropy.softmax(forward(x))
    }

    /// Backpropagates d(loss)/d(logits) after a training ``forward(_:)``, leaving gradients in the
    /// trainable parameters; stops at the lowest stage that learns, which computes no input
    /// gradient. With `clock`, each stage's time.
    func backward(_ dLogits: Tensor, clock: (() -> Double)? = nil, seconds: UnsafeMutablePointer<Double>? = nil) {
        precondition(purpose == .training, "an inference plan has no backward pass")
        var g = dLogits
        for (i, stage) in stages.enumerated().reversed() where stage.backward != .none {
            let t = clock?() ?? 0
            if let dx = stage.backward(g) { g = dx }
            if let clock { seconds![i] = clock() - t }
        }
    }

    /// One line per stage: layers, what they are, shapes in and out, kernels and fused parts.
    public func describe() -> [String] {
        func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "x") }
        var lines = ["\(purpose.rawValue) plan: \(stages.count) stages, input \(shape(inputShape))"
            + (frozenLayers > 0 ? ", layers 0-\(frozenLayers - 1) frozen" : "")]
        for (i, stage) in stages.enumerated() {
            let range = layersText(stage)
            let name = stageName(stage)
            let pad = { (s: String, n: Int) in s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
            let text = (purpose == .training && !stage.learns ? ["frozen: as in inference"] : []) + [stage.kernelText].filter { !$0.isEmpty }
            let line = "  \(pad("\(i)", 3)) \(pad(range, 12)) \(pad(name, 28)) \(pad(shape(stage.inputShape) + " -> " + shape(stage.outputShape), 22)) "
                + text.joined(separator: "; ")
            lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
        }
        return lines
    }

    /// The stage's layer indices, e.g. `layer 5` or `layers 0-2`.
    func layersText(_ stage: PlanStage) -> String {
        stage.layers.count == 1 ? "layer \(stage.layers.lowerBound)" : "layers \(stage.layers.lowerBound)-\(stage.layers.upperBound - 1)"
    }

    /// The stage's layers, e.g. `conv32-3 + relu + pool2`.
    func stageName(_ stage: PlanStage) -> String {
        stage.layers.map { specs[$0].summary }.joined(separator: " + ")
    }
}
