/// 2-D convolution over NHWC images, computed as one matrix multiply over the whole batch:
/// the input is unfolded by ``Im2Col`` into rows of `kernel*kernel*C` values, one row per
/// output pixel, and multiplied by the `kernel*kernel*C x filters` weight matrix.
///
/// For inference a following BatchNorm can be folded into the weights (``foldBatchNorm(_:)``), and a
/// ReLU and a per-channel affine (a BatchNorm that follows the ReLU) fused into the epilogue
/// (``Epilogue``), so one pass over the output does all of them.
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
    /// What runs on each output value after the matrix multiply (inference only).
    public var epilogue = Epilogue()

    /// Per-channel steps fused after the convolution: `y = relu?(x + bias) * scale + shift`.
    public struct Epilogue {
        public var relu = false
        public var scale: [Float]? = nil
        public var shift: [Float]? = nil
    }

    /// Patch matrix of the last forward pass (kept for backward) and scratch for its gradient;
    /// reused across steps so training does not allocate tens of megabytes per batch.
    private var columns: [Float] = []
    private var dColumns: [Float] = []
    private var cachedBatch = 0
    /// Patch-matrix size (floats) from which inference packs straight from the image: 4 MB.
    /// (Tests lower it to run every shape through both paths.)
    nonisolated(unsafe) static var implicitThreshold = 1 << 20

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
        weight = Parameter(name: "\(name).weight", value: (0 ..< fanIn * filters).map { _ in rng.nextGaussian() * std })
        self.bias = bias ? Parameter(name: "\(name).bias", value: [Float](repeating: 0, count: filters)) : nil
    }

    public var spec: LayerSpec { .conv2d(filters: filters, kernel: kernel, stride: stride, padding: padding, bias: hasBias) }
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
    public func outputShape(for input: [Int]) -> [Int] { [outputHeight, outputWidth, filters] }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch
        let rows = n * outputHeight * outputWidth
        let k = geometry.patchSize
        var y = Tensor(uninitializedShape: [n, outputHeight, outputWidth, filters])   // the GEMM overwrites it
        if !training && rows * k >= Conv2D.implicitThreshold {
            // Inference needs no patch matrix for a backward pass: when it would be large, pack the
            // GEMM straight from the image (measured: batch inference +25-30%). A small one (a
            // single image) stays in cache, and copying whole rows into it packs faster.
            let g = geometry
            x.data.withUnsafeBufferPointer { src in
                weight.value.withUnsafeBufferPointer { w in
                    y.data.withUnsafeMutableBufferPointer { out in
                        let input = src.baseAddress!
                        gemmDriver(m: rows, n: filters, k: k, alpha: 1, transB: false, b: w.baseAddress!, ldb: filters,
                                   c: out.baseAddress!, ldc: filters, overwrite: true) { row0, col0, kc, dst in
                            g.packStrip(input: input, row0: row0, col0: col0, kc: kc, rows: rows, into: dst)
                        }
                    }
                }
            }
        } else {
            if columns.count != rows * k { columns = [Float](repeating: 0, count: rows * k) }
            x.data.withUnsafeBufferPointer { src in
                columns.withUnsafeMutableBufferPointer { dst in
                    geometry.unfold(batch: n, input: src.baseAddress!, into: dst.baseAddress!)
                }
            }
            gemm(transA: false, transB: false, m: rows, n: filters, k: k, alpha: 1, a: columns, lda: k,
                 b: weight.value, ldb: filters, beta: 0, c: &y.data, ldc: filters)
        }
        applyEpilogue(&y.data, rows: rows)
        cachedBatch = training ? n : 0
        return y
    }

    private func applyEpilogue(_ y: inout [Float], rows: Int) {
        let f = filters
        let b = bias?.value
        let e = epilogue
        if b == nil && !e.relu && e.scale == nil && e.shift == nil { return }
        y.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            Parallel.forChunks(rows, granule: 256, cost: f) { range in
                for r in range {
                    let row = base + r * f
                    if let b { for j in 0 ..< f { row[j] += b[j] } }
                    if e.relu { for j in 0 ..< f { row[j] = max(row[j], 0) } }
                    if let s = e.scale { for j in 0 ..< f { row[j] *= s[j] } }
                    if let t = e.shift { for j in 0 ..< f { row[j] += t[j] } }
                }
            }
        }
    }

    public func backward(_ dy: Tensor) -> Tensor {
        backwardParametersOnly(dy)
        let n = cachedBatch
        let rows = n * outputHeight * outputWidth
        let k = geometry.patchSize
        // d(columns) = dy * W^T, folded back onto the input.
        if dColumns.count != rows * k { dColumns = [Float](repeating: 0, count: rows * k) }
        gemm(transA: false, transB: true, m: rows, n: k, k: filters, alpha: 1, a: dy.data, lda: filters,
             b: weight.value, ldb: filters, beta: 0, c: &dColumns, ldc: k)
        var dx = Tensor(uninitializedShape: [n] + inputShape)   // fold clears each image
        dColumns.withUnsafeBufferPointer { src in
            dx.data.withUnsafeMutableBufferPointer { dst in
                geometry.fold(batch: n, columns: src.baseAddress!, into: dst.baseAddress!)
            }
        }
        return dx
    }

    /// dW = columns^T * dy and db = the column sums of dy, without the input gradient.
    public func backwardParametersOnly(_ dy: Tensor) {
        let n = cachedBatch
        let rows = n * outputHeight * outputWidth
        let k = geometry.patchSize
        precondition(n > 0, "backward needs a training-mode forward pass first")
        gemm(transA: true, transB: false, m: k, n: filters, k: rows, alpha: 1, a: columns, lda: k,
             b: dy.data, ldb: filters, beta: 0, c: &weight.gradient, ldc: filters)
        if let bias {
            sumRows(dy.data, rows: rows, columns: filters, into: &bias.gradient)
        }
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

/// Sums the rows of a `rows x columns` matrix into `out` (length `columns`).
func sumRows(_ m: [Float], rows: Int, columns: Int, into out: inout [Float]) {
    for j in 0 ..< columns { out[j] = 0 }
    m.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for r in 0 ..< rows {
                let row = src.baseAddress! + r * columns
                for j in 0 ..< columns { dst[j] += row[j] }
            }
        }
    }
}
