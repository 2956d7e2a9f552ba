/// One step of an ``ExecutionPlan``: a layer on its own, or a convolution with what is fused into
/// it. Built by ``ExecutionPlanner``; the layers it names hold the parameters and the math.
struct PlanStage {
    /// What the stage runs.
    enum Work {
        /// A convolution by the step's kernels, its epilogue fused after it.
        case convolution(Conv2D, ConvolutionStep)
        /// A first convolution, its ReLU and a max-pool run together image by image
        /// (``KernelRules/runsImageByImage(_:)``): the convolution rectifies in its epilogue and
        /// the pool zeroes the gradient of zero outputs, so the ReLU does nothing of its own.
        case convolutionIntoPool(Conv2D, ConvolutionStep, MaxPool2D)
        /// A max-pool; with `afterReLU`, the ReLU fused into the convolution before it left its
        /// gradient mask to the pool.
        case maxPool(MaxPool2D, afterReLU: Bool)
        /// Any other layer, on its own.
        case layer(Layer)
    }

    /// How a convolution runs in a stage.
    struct ConvolutionStep {
        let forward: KernelRules.Forward
        /// The weight-gradient kernel; nil in a stage that does not learn.
        let weightGradient: KernelRules.WeightGradient?
        let epilogue: Conv2D.Epilogue
        /// A ReLU fused into the epilogue that keeps the output as its gradient mask (nil when
        /// there is none, or when a max-pool after it does the masking).
        let mask: ReLU?
    }

    let work: Work
    /// The model's layers this stage runs (folded and fused ones included).
    let layers: Range<Int>
    /// Item shapes (no batch dimension) in and out.
    let inputShape: [Int], outputShape: [Int]
    /// Whether the stage learns: runs in training mode, keeps what backward needs, and gives its
    /// parameters gradients. False in inference and for frozen layers.
    let learns: Bool
    /// Whether backward reaches this stage, and whether it then computes its input gradient
    /// (the lowest learning stage does not: nothing below it needs one).
    let backward: Backward
    /// What the planner folded or fused, in words, for ``ExecutionPlan/describe()``.
    let notes: [String]

    /// How far backward goes into a stage.
    enum Backward: Equatable {
        case none, parametersOnly, full
    }

    /// Trainable parameters of the stage's layers.
    var parameters: [Parameter] {
        switch work {
        case .convolution(let conv, _), .convolutionIntoPool(let conv, _, _): return conv.parameters
        case .maxPool: return []
        case .layer(let layer): return layer.parameters
        }
    }

    func forward(_ x: Tensor) -> Tensor {
        switch work {
        case .convolution(let conv, let step):
            let y = conv.forward(x, kernel: step.forward, epilogue: step.epilogue, keepInput: learns)
            if learns, let relu = step.mask { relu.keepMask(y) }
            return y
        case .convolutionIntoPool(let conv, let step, let pool):
            return pool.forwardTraining(inputShape: [x.batch, conv.outputHeight, conv.outputWidth, conv.filters]) { body in
                conv.forwardTraining(x, epilogue: step.epilogue, eachImage: body)
            }
        case .maxPool(let pool, _):
            return pool.forward(x, training: learns)
        case .layer(let layer):
            return layer.forward(x, training: learns)
        }
    }

    /// Parameter gradients from `dy`, and the input gradient when ``backward`` is `.full`.
    func backward(_ dy: Tensor) -> Tensor? {
        let full = backward == .full
        switch work {
        case .convolution(let conv, let step):
            let g = step.mask.map { $0.backward(dy) } ?? dy
            return conv.backward(g, kernel: step.weightGradient!, inputGradient: full)
        case .convolutionIntoPool(let conv, _, let pool):
            dy.data.withUnsafeBufferPointer { g in
                conv.backwardParametersOnly { images, into in pool.backward(images: images, dy: g.baseAddress!, into: into, inputIsReLU: true) }
            }
            return nil
        case .maxPool(let pool, let afterReLU):
            return full ? pool.backward(dy, inputIsReLU: afterReLU) : nil
        case .layer(let layer):
            if full { return layer.backward(dy) }
            layer.backwardParametersOnly(dy)
            return nil
        }
    }

    /// The stage's kernels and fused parts in words, e.g. `forward in-place + ReLU epilogue`.
    var kernelText: String {
        var parts: [String] = []
        switch work {
        case .convolution(_, let step), .convolutionIntoPool(_, let step, _):
            parts.append("forward \(step.forward.rawValue)" + epilogueText(step.epilogue))
            if case .convolutionIntoPool = work { parts.append("image by image into the pool") }
            if step.mask != nil { parts.append("ReLU mask kept") }
            if let g = step.weightGradient, backward != .none { parts.append("weight gradient \(g.rawValue)") }
        case .maxPool(_, let afterReLU):
            if afterReLU && backward == .full { parts.append("masks the fused ReLU's gradient") }
        case .layer:
            break
        }
        parts += notes
        switch backward {
        case .none: if learns { parts.append("no backward") }
        case .parametersOnly: parts.append("no input gradient")
        case .full: break
        }
        return parts.joined(separator: "; ")
    }

    private func epilogueText(_ e: Conv2D.Epilogue) -> String {
        var steps: [String] = []
        if e.relu { steps.append("ReLU") }
        if e.scale != nil { steps.append("BN affine") }
        return steps.isEmpty ? "" : " + " + steps.joined(separator: " + ") + " epilogue"
    }
}
