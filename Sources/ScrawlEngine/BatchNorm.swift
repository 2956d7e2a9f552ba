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
        var y = x
        if !training {
            let (scale, shift) = inferenceAffine()
            for r in 0 ..< rows { for j in 0 ..< c { y.data[r * c + j] = x.data[r * c + j] * scale[j] + shift[j] } }
            return y
        }
        var mean = [Float](repeating: 0, count: c), variance = mean
        x.data.withUnsafeBufferPointer { src in
            for r in 0 ..< rows { for j in 0 ..< c { mean[j] += src[r * c + j] } }
            for j in 0 ..< c { mean[j] /= Float(rows) }
            for r in 0 ..< rows {
                for j in 0 ..< c { let d = src[r * c + j] - mean[j]; variance[j] += d * d }
            }
        }
        for j in 0 ..< c { variance[j] /= Float(rows) }
        inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        normalized = [Float](repeating: 0, count: x.count)
        for r in 0 ..< rows {
            for j in 0 ..< c {
                let xh = (x.data[r * c + j] - mean[j]) * inverseStd[j]
                normalized[r * c + j] = xh
                y.data[r * c + j] = xh * gamma.value[j] + beta.value[j]
            }
        }
        let unbiased = rows > 1 ? Float(rows) / Float(rows - 1) : 1
        for j in 0 ..< c {
            runningMean.value[j] = momentum * runningMean.value[j] + (1 - momentum) * mean[j]
            runningVariance.value[j] = momentum * runningVariance.value[j] + (1 - momentum) * variance[j] * unbiased
        }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        let c = channels
        let rows = dy.count / c
        var sumDy = [Float](repeating: 0, count: c), sumDyXh = sumDy
        for r in 0 ..< rows {
            for j in 0 ..< c {
                sumDy[j] += dy.data[r * c + j]
                sumDyXh[j] += dy.data[r * c + j] * normalized[r * c + j]
            }
        }
        gamma.gradient = sumDyXh
        beta.gradient = sumDy
        var dx = dy
        let inv = 1 / Float(rows)
        for r in 0 ..< rows {
            for j in 0 ..< c {
                let g = gamma.value[j] * inverseStd[j]
                dx.data[r * c + j] = g * (dy.data[r * c + j] - inv * sumDy[j] - normalized[r * c + j] * inv * sumDyXh[j])
            }
        }
        return dx
    }
}
