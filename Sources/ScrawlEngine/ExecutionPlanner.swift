/// Turns a network's layers into an ``ExecutionPlan``, in one pass: the one place that decides
/// what runs for each layer (the kernels themselves are chosen by ``KernelRules``).
///
/// Layers that learn are fused for training: a ReLU after a convolution runs in its epilogue (and
/// before a max-pool, its gradient mask is left to the pool); a first convolution, ReLU and pool
/// run image by image. Layers that do not learn (every layer in inference, frozen layers in
/// training) are folded: BatchNorm into the convolution or dense layer before it, or into the
/// epilogue of a convolution before a ReLU; they run in inference mode on folded copies.
/// Backward stops at the lowest layer that learns, which computes no input gradient.
enum ExecutionPlanner {
    /// The plan of `model` for `purpose`; in training, layers below `frozenLayers` do not learn.
    static func plan(_ model: Sequential, purpose: ExecutionPlan.Purpose, frozenLayers: Int = 0) -> ExecutionPlan {
        let layers = model.layers
        let learningFrom = purpose == .inference ? layers.count : min(max(0, frozenLayers), layers.count)
        var stages: [PlanStage] = []
        var shape = model.inputShape
        var i = 0
        // Whether a stage below learns parameters: from there up, every stage passes gradients down.
        var backwardBelow = false
        // The previous stage fused a ReLU and left its gradient mask to the max-pool that follows.
        var reluLeftToPool = false
        while i < layers.count {
            let learns = i >= learningFrom
            // Folding never reaches across the frozen boundary.
            let end = learns ? layers.count : learningFrom
            func next(_ k: Int) -> Layer? { i + k < end ? layers[i + k] : nil }
            var work: PlanStage.Work
            var count = 1, notes: [String] = [], leavesReLUToPool = false
            switch layers[i] {
            case let conv as Conv2D where learns:
                if next(1) is ReLU, let pool = next(2) as? MaxPool2D, i + 3 < layers.count, !backwardBelow,
                   KernelRules.runsImageByImage(conv) {
                    work = .convolutionIntoPool(conv, step(conv, relu: true, mask: nil), pool)
                    count = 3
                } else if let relu = next(1) as? ReLU {
                    leavesReLUToPool = next(2) is MaxPool2D
                    work = .convolution(conv, step(conv, relu: true, mask: leavesReLUToPool ? nil : relu))
                    count = 2
                } else {
                    work = .convolution(conv, step(conv, relu: false, mask: nil))
                }
            case let conv as Conv2D:
                let bn = next(1) as? BatchNorm
                let folded = conv.foldBatchNorm(bn)
                if bn != nil { notes.append("BN folded into weights"); count += 1 }
                var epilogue = Conv2D.Epilogue()
                if next(count) is ReLU {
                    epilogue.relu = true
                    count += 1
                    if let after = next(count) as? BatchNorm {
                        (epilogue.scale, epilogue.shift) = after.inferenceAffine()
                        count += 1
                    }
                }
                let kernel = KernelRules.forward(folded, training: false)
                folded.packedWeights(for: kernel)   // packed now: the plan's forward pass only reads
                work = .convolution(folded, .init(forward: kernel, weightGradient: nil, epilogue: epilogue, mask: nil))
            case let dense as Dense where !learns:
                if let bn = next(1) as? BatchNorm {
                    work = .layer(dense.foldBatchNorm(bn))
                    notes.append("BN folded into weights")
                    count = 2
                } else {
                    work = .layer(dense)
                }
            case let pool as MaxPool2D:
                work = .maxPool(pool, afterReLU: learns && reluLeftToPool)
            case let dropout as Dropout where !learns:
                work = .layer(dropout)
                notes.append("identity")
            default:
                work = .layer(layers[i])
            }
            let range = i ..< i + count
            let output = range.reduce(shape) { layers[$1].outputShape(for: $0) }
            let parameters = !range.allSatisfy { layers[$0].parameters.isEmpty }
            let backward: PlanStage.Backward = !learns ? .none : backwardBelow ? .full : parameters ? .parametersOnly : .none
            backwardBelow = backwardBelow || (learns && parameters)
            stages.append(PlanStage(work: work, layers: range, inputShape: shape, outputShape: output, learns: learns,
                                    backward: backward, notes: notes))
            reluLeftToPool = leavesReLUToPool
            shape = output
            i += count
        }
        return ExecutionPlan(purpose: purpose, stages: stages, inputShape: model.inputShape,
                             frozenLayers: purpose == .training ? learningFrom : 0, specs: model.specs)
    }

    /// A learning convolution's step: the kernels ``KernelRules`` picks for training, a fused
    /// ReLU or none.
    private static func step(_ conv: Conv2D, relu: Bool, mask: ReLU?) -> PlanStage.ConvolutionStep {
        .init(forward: KernelRules.forward(conv, training: true), weightGradient: KernelRules.weightGradient(conv),
              epilogue: Conv2D.Epilogue(relu: relu), mask: mask)
    }
}
