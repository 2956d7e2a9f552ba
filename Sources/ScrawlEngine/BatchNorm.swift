/// Batch normalisation over the last (channel) dimension.
///
/// Training normalises with the batch's own mean and variance and updates running averages
/// (`running = momentum * running + (1 - momentum) * batch`, Keras' convention); inference uses the
/// running averages, so it is a per-channel affine map (``inferenceAffine()``) that
/// an inference plan (``ExecutionPlanner``) folds into a neighbouring convolution.
public final class BatchNorm: Layer {
    public let channels: Int
    public let momentum: Float, epsilon: Float
    public let gamma: Parameter, beta: Parameter
    public let runningMean: Parameter, runningVariance: Parameter
    /// The last training batch's input, mean and 1/sqrt(variance + epsilon), for backward.
    private var input: [Float] = []
    private var mean: [Float] = []
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
        input = x.data
        let shift = Array(x.data[0 ..< c])
        let (mean, variance) = x.data.withUnsafeBufferPointer { src in
            shift.withUnsafeBufferPointer { k in
                BatchNorm.moments(s: src.baseAddress!, shift: k.baseAddress!, rows: rows, channels: c)
            }
        }
        inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        self.mean = mean
        let unbiased = rows > 1 ? Float(rows) / Float(rows - 1) : 1
        for j in 0 ..< c {
            runningMean.value[j] = momentum * runningMean.value[j] + (1 - momentum) * mean[j]
            runningVariance.value[j] = momentum * runningVariance.value[j] + (1 - momentum) * variance[j] * unbiased
        }
        // y = (x - mean) * inverseStd * gamma + beta = x * scale + offset; x-hat is recomputed in backward.
        let scale = (0 ..< c).map { inverseStd[$0] * gamma.value[$0] }
        let offset = (0 ..< c).map { beta.value[$0] - mean[$0] * scale[$0] }
        return x.data.withUnsafeBufferPointer { src in
            scale.withUnsafeBufferPointer { sp in
                offset.withUnsafeBufferPointer { op in
                    let (s, a, b) = (src.baseAddress!, sp.baseAddress!, op.baseAddress!)
                    return Tensor(shape: x.shape, granule: 64 * c) { out, range in
                        for r in range.lowerBound / c ..< range.upperBound / c {
                            for j in 0 ..< c { out[r * c + j] = s[r * c + j] * a[j] + b[j] }
                        }
                    }
                }
            }
        }
    }

    /// The batch mean and (biased) variance of each channel, in one pass: sums of `x - shift`
    /// and of its square, with `shift` a row of the batch itself so the difference of the two
    /// sums does not cancel away the variance of data far from zero.
    static func moments(s: UnsafePointer<Float>, shift k: UnsafePointer<Float>, rows: Int, channels c: Int) -> (mean: [Float], variance: [Float]) {
        let sums = columnSums(rows: rows, channels: 2 * c) { r, acc in
            for j in 0 ..< c {
                let d = s[r * c + j] - k[j]
                acc[j] += d
                acc[c + j] += d * d
            }
        }
        let n = Float(rows)
        var mean = [Float](repeating: 0, count: c), variance = mean
        for j in 0 ..< c {
            let m = sums[j] / n
            mean[j] = k[j] + m
            variance[j] = max(0, sums[c + j] / n - m * m)
        }
        return (mean, variance)
    }

    public func backward(_ dy: Tensor) -> Tensor {
        let c = channels
        let rows = dy.count / c
        return dy.data.withUnsafeBufferPointer { grad in
            input.withUnsafeBufferPointer { xb in
                mean.withUnsafeBufferPointer { mb in
                    inverseStd.withUnsafeBufferPointer { ib in
                        let (d, x, m, s) = (grad.baseAddress!, xb.baseAddress!, mb.baseAddress!, ib.baseAddress!)
                        // Both sums in one pass: channels 0..<c sum dy, c..<2c sum dy * x-hat.
                        let sums = columnSums(rows: rows, channels: 2 * c) { r, acc in
                            for j in 0 ..< c {
                                let h = (x[r * c + j] - m[j]) * s[j]
                                acc[j] += d[r * c + j]
                                acc[c + j] += d[r * c + j] * h
                            }
                        }
                        beta.gradient = Array(sums[0 ..< c])
                        gamma.gradient = Array(sums[c...])
                        // dx = g * (dy - mean(dy) - x-hat * mean(dy * x-hat)), g = gamma * inverseStd.
                        let inv = 1 / Float(rows)
                        let g = (0 ..< c).map { gamma.value[$0] * inverseStd[$0] }
                        let meanDy = (0 ..< c).map { sums[$0] * inv }, meanDyXh = (0 ..< c).map { sums[c + $0] * inv }
                        return g.withUnsafeBufferPointer { gb in
                            meanDy.withUnsafeBufferPointer { ab in
                                meanDyXh.withUnsafeBufferPointer { hb in
                                    let (gp, a, b) = (gb.baseAddress!, ab.baseAddress!, hb.baseAddress!)
                                    return Tensor(shape: dy.shape, granule: 64 * c) { out, range in
                                        for r in range.lowerBound / c ..< range.upperBound / c {
                                            for j in 0 ..< c {
                                                let i = r * c + j
                                                let h = (x[i] - m[j]) * s[j]
                                                out[i] = gp[j] * (d[i] - a[j] - h * b[j])
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
