/// 2-D convolution over NHWC images, computed as matrix multiplies: the patch matrix (one row of
/// `kernel*kernel*C` values per output pixel, ``Im2Col``) times the `kernel*kernel*C x filters`
/// weight matrix.
///
/// The batch is cut into a fixed number of parts (set by the batch and the layer's shape), run in
/// parallel, and each part into groups of images whose patch matrix fits in the core's L2 cache,
/// finished while still in cache. Which kernel runs the forward pass and the weight gradient
/// (Winograd, in place, patch matrix, small window, whole image as dense) is ``KernelRules``'
/// choice, made once per layer by the ``ExecutionPlan``; the kernels themselves are in this file's
/// extensions. No batch-sized patch matrix is ever stored. Weight gradients are summed per part,
/// then the parts in order, so they do not depend on the thread count.
///
/// A plan can fold a following BatchNorm into the weights (``foldBatchNorm(_:)``) and hand the
/// forward pass an ``Epilogue``: a ReLU and a per-channel affine (a BatchNorm after the ReLU), so
/// one pass over the output does all of them.
public final class Conv2D: Layer {
    public let inputShape: [Int]
    public let filters: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Padding
    public let hasBias: Bool
    public let outputHeight: Int, outputWidth: Int
    let geometry: Im2Col
    public let weight: Parameter
    public let bias: Parameter?

    /// Per-channel steps a plan fuses after the convolution: `y = relu?(x + bias) * scale + shift`
    /// (the bias is the layer's own).
    struct Epilogue {
        var relu = false
        var scale: [Float]? = nil
        var shift: [Float]? = nil
    }

    /// The weights packed as the forward pass reads them (for ``forwardInPlace(images:input:panels:output:)``
    /// or for the GEMM over the patch matrix), and the weight version they were packed from
    /// (inference packs once, training after every update).
    private var packed: (version: Int, kernel: KernelRules.Forward, panels: [Float])?
    /// For a layer whose window holds the whole image (``KernelRules/coversWholeImage(_:)``): the weight rows that
    /// meet it, and the weight version they were gathered from.
    var imageWeightCache: (version: Int, rows: [Float])?
    /// The input of the last training forward pass, for backward.
    var cachedInput: Tensor?
    /// Most parts a batch is cut into (and so the most threads one convolution uses).
    static let maxParts = 8
    /// Floats of patch matrix per group: 256 KB, well inside L2.
    static let groupFloats = 1 << 16

    init(inputShape: [Int], filters: Int, kernel: Int, stride: Int, padding: Padding, bias: Bool, name: String,
         rng: inout SeededGenerator) {
        self.inputShape = inputShape
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.hasBias = bias
        geometry = Im2Col(height: inputShape[0], width: inputShape[1], channels: inputShape[2],
                          kernel: kernel, stride: stride, padding: padding)
        outputHeight = geometry.outputHeight
        outputWidth = geometry.outputWidth
        let fanIn = geometry.patchSize
        let std = (2 / Float(fanIn)).squareRoot()
        weight = Parameter(name: "\(name).weight", value: (0 ..< fanIn * filters).map { _ in rng.nextGaussian() * std }, decays: true)
        self.bias = bias ? Parameter(name: "\(name).bias", value: [Float](repeating: 0, count: filters)) : nil
    }

    public var spec: LayerSpec { .conv2d(filters: filters, kernel: kernel, stride: stride, padding: padding, bias: hasBias) }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
    public func outputShape(for input: [Int]) -> [Int] { [outputHeight, outputWidth, filters] }

    /// The layer on its own: the kernel ``KernelRules`` picks, no fused steps.
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        forward(x, kernel: KernelRules.forward(self, training: training), epilogue: Epilogue(), keepInput: training)
    }

    /// The forward pass by `kernel`, then `epilogue`; with `keepInput`, the input is kept for backward.
    func forward(_ x: Tensor, kernel: KernelRules.Forward, epilogue: Epilogue, keepInput: Bool) -> Tensor {
        if kernel == .wholeImage { return forwardWholeImage(x, epilogue: epilogue, keepInput: keepInput) }
        let n = x.batch
        let k = geometry.patchSize, f = filters
        var y = Tensor(uninitializedShape: [n, outputHeight, outputWidth, filters])   // every row written below
        let winograd = kernel == .winograd, inPlace = kernel == .inPlace
        let panels = packedWeights(for: kernel)
        let terms = epilogueTerms(epilogue)
        x.data.withUnsafeBufferPointer { src in
            weight.value.withUnsafeBufferPointer { w in
                panels.withUnsafeBufferPointer { packed in
                    y.data.withUnsafeMutableBufferPointer { out in
                        let input = src.baseAddress!, output = out.baseAddress!
                        let groupFloats = winograd ? 16 * ((outputHeight + 1) / 2) * ((outputWidth + 1) / 2) * max(geometry.channels, f) : nil
                        forEachGroup(batch: n, scratchCopies: inPlace || winograd ? 0 : 1, floatsPerImage: groupFloats) { _, images, _, columns in
                            let row0 = images.lowerBound * rowsPerImage, rows = images.count * rowsPerImage
                            if winograd {
                                forwardWinograd(images: images, input: input, panels: packed.baseAddress!, output: output)
                            } else if inPlace {
                                forwardInPlace(images: images, input: input, panels: packed.baseAddress!, output: output + row0 * f)
                            } else {
                                geometry.unfold(images: images, input: input, into: columns)
                                gemm(transA: false, transB: false, m: rows, n: f, k: k, alpha: 1, a: columns, lda: k,
                                     b: w.baseAddress!, ldb: f, beta: 0, c: output + row0 * f, ldc: f, threads: 1,
                                     packedB: packed.baseAddress!)
                            }
                            applyEpilogue(output + row0 * f, rows: rows, terms)
                        }
                    }
                }
            }
        }
        if keepInput { cachedInput = x } else if cachedInput != nil { cachedInput = nil }
        return y
    }

    /// The weights packed for `kernel`'s forward pass, repacked when they changed since the last
    /// pass (an inference plan packs them once, when it is built; training after every update).
    @discardableResult
    func packedWeights(for kernel: KernelRules.Forward) -> [Float] {
        if kernel == .wholeImage { return imageWeights() }
        if packed?.version != weight.version || packed?.kernel != kernel {
            let (k, f) = (geometry.patchSize, filters)
            let panels = kernel == .winograd ? winogradWeightPanels() : kernel == .inPlace ? packedWeightPanels()
                : weight.value.withUnsafeBufferPointer { packedPanels(transB: false, b: $0.baseAddress!, ldb: f, k: k, n: f) }
            packed = (weight.version, kernel, panels)
        }
        return packed!.panels
    }

    /// The training forward pass of a layer whose output only the next layer's image-by-image
    /// pass reads (a first convolution before its ReLU and max-pool, ``KernelRules/runsImageByImage(_:)``):
    /// each image's output, epilogue applied, goes to `body(image, output)` from a per-thread
    /// buffer while in cache, and the batch's output is never stored.
    func forwardTraining(_ x: Tensor, epilogue: Epilogue, eachImage body: (Int, UnsafePointer<Float>) -> Void) {
        precondition(KernelRules.runsImageByImage(self), "this layer does not run image by image")
        let n = x.batch, f = filters
        let panels = packedWeights(for: .inPlace)
        let terms = epilogueTerms(epilogue)
        let parts = partCount(batch: n)
        x.data.withUnsafeBufferPointer { src in
            panels.withUnsafeBufferPointer { packed in
                Parallel.forEach(parts) { part in
                    let out = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerImage * f)
                    defer { out.deallocate() }
                    for img in n * part / parts ..< n * (part + 1) / parts {
                        forwardInPlace(images: img ..< img + 1, input: src.baseAddress!, panels: packed.baseAddress!, output: out)
                        applyEpilogue(out, rows: rowsPerImage, terms)
                        body(img, out)
                    }
                }
            }
        }
        cachedInput = x
    }

    private var rowsPerImage: Int { outputHeight * outputWidth }

    /// Runs `body(part, images, first, scratch)` for every group of images of a batch of `n`: the
    /// batch is cut into at most ``maxParts`` contiguous parts (by `n` alone), run in parallel when
    /// the work is worth it, and each part into groups of about ``groupFloats`` floats of patch
    /// matrix (or of `floatsPerImage` a image), run in order (`first`: the part's first group).
    /// `scratch` holds `scratchCopies` patch matrices of a group.
    private func forEachGroup(batch n: Int, scratchCopies: Int, floatsPerImage: Int? = nil,
                              _ body: (_ part: Int, _ images: Range<Int>, _ first: Bool, _ scratch: UnsafeMutablePointer<Float>) -> Void) {
        let k = geometry.patchSize
        let perGroup = max(1, Conv2D.groupFloats / max(1, floatsPerImage ?? rowsPerImage * k))
        let parts = partCount(batch: n)
        func run(_ part: Int) {
            let lo = n * part / parts, hi = n * (part + 1) / parts
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCopies * min(perGroup, hi - lo) * rowsPerImage * k)
            defer { scratch.deallocate() }
            var start = lo
            while start < hi {
                let end = min(hi, start + perGroup)
                body(part, start ..< end, start == lo, scratch)
                start = end
            }
        }
        // One image's layers stay on the calling thread: waking another costs more (latency).
        if n * rowsPerImage * k * filters < 1 << 21 {
            for part in 0 ..< parts { run(part) }
        } else {
            Parallel.forEach(parts, run)
        }
    }

    /// Parts a batch of `n` is cut into: up to ``maxParts``, but with at least 128 output rows each
    /// (the small late layers, where each part's weight-gradient buffer, summed at the end, would
    /// otherwise cost more than the part's work), and two where the batch allows. It depends on
    /// the batch and the layer only, never on the thread count, so neither do the results.
    func partCount(batch n: Int) -> Int { min(n, max(2, min(Conv2D.maxParts, n * rowsPerImage / 128))) }

    /// The epilogue `y = max(y + bias, floor) * scale + shift` as one pass's operands, with neutral
    /// values for absent steps; nil when there is nothing to do. Built once per forward pass.
    func epilogueTerms(_ e: Epilogue) -> (bias: [Float], floor: Float, scale: [Float], shift: [Float])? {
        let f = filters
        if bias == nil && !e.relu && e.scale == nil && e.shift == nil { return nil }
        return (bias?.value ?? [Float](repeating: 0, count: f), e.relu ? 0 : -.infinity,
                e.scale ?? [Float](repeating: 1, count: f), e.shift ?? [Float](repeating: 0, count: f))
    }

    /// Applies the epilogue to `rows` rows of output.
    func applyEpilogue(_ y: UnsafeMutablePointer<Float>, rows: Int,
                       _ terms: (bias: [Float], floor: Float, scale: [Float], shift: [Float])?) {
        guard let (b, floor, s, t) = terms else { return }
        let f = filters
        for r in 0 ..< rows {
            let row = y + r * f
            for j in 0 ..< f { row[j] = max(row[j] + b[j], floor) * s[j] + t[j] }
        }
    }

    public func backward(_ dy: Tensor) -> Tensor {
        backward(dy, kernel: KernelRules.weightGradient(self), inputGradient: true)!
    }

    /// dW = columns^T * dy and db = the column sums of dy, without the input gradient.
    public func backwardParametersOnly(_ dy: Tensor) {
        _ = backward(dy, kernel: KernelRules.weightGradient(self), inputGradient: false)
    }

    /// Weight and bias gradients by `kernel`, and with `inputGradient` dx: per group, dW +=
    /// columns^T * dy and d(columns) = dy * W^T folded back onto the group's images.
    func backward(_ dy: Tensor, kernel: KernelRules.WeightGradient, inputGradient: Bool) -> Tensor? {
        if kernel == .wholeImage { return backwardWholeImage(dy, inputGradient: inputGradient) }
        guard let x = cachedInput else { preconditionFailure("backward needs a training-mode forward pass first") }
        let n = x.batch
        let k = geometry.patchSize, f = filters
        let parts = partCount(batch: n)
        let smallWindow = kernel == .smallWindow, imageGradient = kernel == .inPlace
        // Each part's weight gradient (and, from the small-window path, a last row of bias
        // gradient); its first group overwrites its slice.
        let fusedBias = smallWindow && bias != nil
        let gradientRows = k + (fusedBias ? 1 : 0)
        var partial = [Float](unsafeUninitializedCapacity: parts * gradientRows * f) { _, count in count = parts * gradientRows * f }
        var dx = inputGradient ? Tensor(uninitializedShape: x.shape) : nil   // fold writes every image
        // W^T, packed once for every group's d(columns) product.
        let transposed = !inputGradient ? [] : weight.value.withUnsafeBufferPointer {
            packedPanels(transB: true, b: $0.baseAddress!, ldb: f, k: f, n: k)
        }
        x.data.withUnsafeBufferPointer { src in
            dy.data.withUnsafeBufferPointer { grad in
                weight.value.withUnsafeBufferPointer { w in
                    transposed.withUnsafeBufferPointer { wt in
                        partial.withUnsafeMutableBufferPointer { sums in
                            withOptionalOutput(&dx) { dxBase in
                                let input = src.baseAddress!, g = grad.baseAddress!
                                // Scratch: the group's patch matrix where dW needs one, then its gradient for dx.
                                let unfolds = !smallWindow && !imageGradient
                                forEachGroup(batch: n, scratchCopies: (unfolds ? 1 : 0) + (inputGradient ? 1 : 0)) { part, images, first, scratch in
                                    let row0 = images.lowerBound * rowsPerImage, rows = images.count * rowsPerImage
                                    if smallWindow {
                                        addSmallWindowGradient(images: images, input: input, dy: g + row0 * f,
                                                               into: sums.baseAddress! + part * gradientRows * f, first: first, bias: fusedBias)
                                    } else if imageGradient {
                                        addImageGradient(images: images, input: input, dy: g + row0 * f,
                                                         into: sums.baseAddress! + part * k * f, first: first)
                                    } else {
                                        geometry.unfold(images: images, input: input, into: scratch)
                                        gemm(transA: true, transB: false, m: k, n: f, k: rows, alpha: 1, a: scratch, lda: k,
                                             b: g + row0 * f, ldb: f, beta: first ? 0 : 1, c: sums.baseAddress! + part * k * f,
                                             ldc: f, threads: 1)
                                    }
                                    guard let dxBase else { return }
                                    let dColumns = unfolds ? scratch + rows * k : scratch
                                    gemm(transA: false, transB: true, m: rows, n: k, k: f, alpha: 1, a: g + row0 * f, lda: f,
                                         b: w.baseAddress!, ldb: f, beta: 0, c: dColumns, ldc: k, threads: 1,
                                         packedB: wt.baseAddress!)
                                    geometry.fold(images: images, columns: dColumns, into: dxBase)
                                }
                            }
                        }
                    }
                }
            }
        }
        setGradients(fromParts: partial, parts: parts, rows: gradientRows)
        if let bias, !fusedBias { bias.gradient = sumRows(dy.data, rows: dy.count / f, columns: f) }
        return dx
    }

    /// Sets the weight gradient (its first `patchSize` rows) and, when `rows` has one more, the
    /// bias gradient from `parts` per-part gradients of `rows x filters` each.
    func setGradients(fromParts partial: [Float], parts: Int, rows: Int) {
        let (k, f) = (geometry.patchSize, filters)
        let total = Conv2D.sumParts(partial, parts: parts, count: rows * f)
        weight.gradient = rows == k ? total : Array(total[0 ..< k * f])
        if rows > k { bias!.gradient = Array(total[k * f ..< rows * f]) }
    }

    /// The sum of `parts` consecutive arrays of `count` values each, added in order (so the result
    /// does not depend on the thread count), each thread a range of the values.
    private static func sumParts(_ partial: [Float], parts: Int, count: Int) -> [Float] {
        var total = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        partial.withUnsafeBufferPointer { sums in
            total.withUnsafeMutableBufferPointer { out in
                let (p, o) = (sums.baseAddress!, out.baseAddress!)
                Parallel.forChunks(count, granule: 64, cost: parts) { range in
                    for i in range {
                        var sum = p[i]
                        for part in 1 ..< parts { sum += p[part * count + i] }
                        o[i] = sum
                    }
                }
            }
        }
        return total
    }

    /// Folds an inference-mode BatchNorm that directly follows this convolution into its weights and bias.
    /// Without a BatchNorm, returns an independent copy (so fusing never alters the training model).
    public func foldBatchNorm(_ bn: BatchNorm?) -> Conv2D {
        let (scale, shift) = bn?.inferenceAffine() ?? ([Float](repeating: 1, count: filters), [Float](repeating: 0, count: filters))
        var rng = SeededGenerator(seed: 0)
        let folded = Conv2D(inputShape: inputShape, filters: filters, kernel: kernel, stride: stride, padding: padding,
                            bias: true, name: String(weight.name.dropLast(".weight".count)), rng: &rng)
        let k = geometry.patchSize
        for p in 0 ..< k {
            for j in 0 ..< filters { folded.weight.value[p * filters + j] = weight.value[p * filters + j] * scale[j] }
        }
        for j in 0 ..< filters { folded.bias!.value[j] = (bias?.value[j] ?? 0) * scale[j] + shift[j] }
        return folded
    }
}

/// Runs `body` with a pointer to the elements of `tensor`, or nil when there is none.
private func withOptionalOutput(_ tensor: inout Tensor?, _ body: (UnsafeMutablePointer<Float>?) -> Void) {
    if tensor == nil { body(nil); return }
    tensor!.data.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
