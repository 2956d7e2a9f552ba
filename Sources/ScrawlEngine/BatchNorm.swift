/// Batch normalisation over the last (channel) dimension.
///
/// Training normalises with the batch's own mean and variance and updates running averages
/// (`running = momentum * running + (1 - momentum) * batch`, Keras' convention); inference uses the
/// running averages, so it is a per-channel affine map (``inferenceAffine()``) that
/// ``Sequential/inferenceModel()`` folds into a neighbouring convolution.
public final class BatchNorm: Layer {
    public let channels: Int
    public let momentum: Float, epsilon: Float
    public let gamma: Parameter, beta: Parameter
    public let runningMean: Parameter, runningVariance: Parameter
    private var normalized: [Float] = []
    private var inverseStd: [Float] = []

    init(channels: Int, momentum: Float, epsilon: Float, name: String) {
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        gamma = Parameter(name: "\(name).gamma", value: [Float](repeating: 1, count: channels))
        beta = Parameter(name: "\(name).beta", value: [Float](repeating: 0, count: channels))
        runningMean = Parameter(name: "\(name).running_mean", value: [Float](repeating: 0, count: channels))
        runningVariance = Parameter(name: "\(name).running_var", value: [Float](repeating: 1, count: channels))
    }

    public var spec: LayerSpec { .batchNorm(momentum: momentum, epsilon: epsilon) }
    public var parameters: [Parameter] { [gamma, beta] }
    public var buffers: [Parameter] { [runningMean, runningVariance] }
    public func outputShape(for input: [Int]) -> [Int] { input }

    /// The inference-mode map `y = x * scale + shift`, per channel.
    public func inferenceAffine() -> (scale: [Float], shift: [Float]) {
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0 ..< channels {
            scale[c] = gamma.value[c] / (runningVariance.value[c] + epsilon).squareRoot()
            shift[c] = beta.value[c] - runningMean.value[c] * scale[c]
        }
        return (scale, shift)
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let c = channels
        let rows = x.count / c
        if !training {
            let (scale, shift) = inferenceAffine()
            return x.data.withUnsafeBufferPointer { src in
                let s = src.baseAddress!
                return Tensor(shape: x.shape, granule: 64 * c) { out, range in
                    for r in range.lowerBound / c ..< range.upperBound / c {
                        for j in 0 ..< c { out[r * c + j] = s[r * c + j] * scale[j] + shift[j] }
                    }
                }
            }
        }
        return x.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            var mean = columnSums(rows: rows, channels: c) { r, acc in
                for j in 0 ..< c { acc[j] += s[r * c + j] }
            }
            for j in 0 ..< c { mean[j] /= Float(rows) }
            var variance = columnSums(rows: rows, channels: c) { r, acc in
                for j in 0 ..< c { let d = s[r * c + j] - mean[j]; acc[j] += d * d }
            }
            for j in 0 ..< c { variance[j] /= Float(rows) }
            inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
            let unbiased = rows > 1 ? Float(rows) / Float(rows - 1) : 1
            for j in 0 ..< c {
                runningMean.value[j] = momentum * runningMean.value[j] + (1 - momentum) * mean[j]
                runningVariance.value[j] = momentum * runningVariance.value[j] + (1 - momentum) * variance[j] * unbiased
            }
            // x-hat (kept for backward) and the output, in one pass.
            let inv = inverseStd, g = gamma.value, b = beta.value
            normalized = Tensor(uninitializedShape: x.shape).data
            return normalized.withUnsafeMutableBufferPointer { xh in
                let h = xh.baseAddress!
                return Tensor(shape: x.shape, granule: 64 * c) { out, range in
                    for r in range.lowerBound / c ..< range.upperBound / c {
                        for j in 0 ..< c {
                            let v = (s[r * c + j] - mean[j]) * inv[j]
                            h[r * c + j] = v
                            out[r * c + j] = v * g[j] + b[j]
                        }
                    }
                }
            }
        }
    }

    public func backward(_ dy: Tensor) -> Tensor {
        let c = channels
        let rows = dy.count / c
        return dy.data.withUnsafeBufferPointer { grad in
            normalized.withUnsafeBufferPointer { xh in
                let d = grad.baseAddress!, h = xh.baseAddress!
                // Both sums in one pass: channels 0..<c sum dy, c..<2c sum dy * x-hat.
                let sums = columnSums(rows: rows, channels: 2 * c) { r, acc in
                    for j in 0 ..< c {
                        acc[j] += d[r * c + j]
                        acc[c + j] += d[r * c + j] * h[r * c + j]
                    }
                }
                let sumDy = Array(sums[0 ..< c]), sumDyXh = Array(sums[c...])
                gamma.gradient = sumDyXh
                beta.gradient = sumDy
                let inv = 1 / Float(rows)
                let g = (0 ..< c).map { gamma.value[$0] * inverseStd[$0] }
                return Tensor(shape: dy.shape, granule: 64 * c) { out, range in
                    for r in range.lowerBound / c ..< range.upperBound / c {
                        for j in 0 ..< c {
                            let i = r * c + j
                            out[i] = g[j] * (d[i] - inv * sumDy[j] - h[i] * inv * sumDyXh[j])
                        }
                    }
                }
            }
        }
    }
}
