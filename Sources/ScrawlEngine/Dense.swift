/// Fully connected layer: `y = x * W + b` with `W` stored `inputs x units`.
public final class Dense: Layer {
    public let inputs: Int, units: Int
    public let weight: Parameter
    public let bias: Parameter
    private var cachedInput = Tensor(shape: [0])

    init(inputs: Int, units: Int, name: String, rng: inout SeededGenerator) {
        self.inputs = inputs
        self.units = units
        let std = (2 / Float(inputs)).squareRoot()
        weight = Parameter(name: "\(name).weight", value: (0 ..< inputs * units).map { _ in rng.nextGaussian() * std }, decays: true)
        bias = Parameter(name: "\(name).bias", value: [Float](repeating: 0, count: units))
    }

    public var spec: LayerSpec { .dense(units: units) }
    public var parameters: [Parameter] { [weight, bias] }
    public func outputShape(for input: [Int]) -> [Int] { [units] }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch
        var y = Tensor(shape: [n, units])
        for i in 0 ..< n { for j in 0 ..< units { y.data[i * units + j] = bias.value[j] } }
        gemm(transA: false, transB: false, m: n, n: units, k: inputs, alpha: 1, a: x.data, lda: inputs,
             b: weight.value, ldb: units, beta: 1, c: &y.data, ldc: units)
        if training { cachedInput = x }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        let n = dy.batch
        gemm(transA: true, transB: false, m: inputs, n: units, k: n, alpha: 1, a: cachedInput.data, lda: inputs,
             b: dy.data, ldb: units, beta: 0, c: &weight.gradient, ldc: units)
        bias.gradient = sumRows(dy.data, rows: n, columns: units)
        var dx = Tensor(shape: cachedInput.shape)
        gemm(transA: false, transB: true, m: n, n: inputs, k: units, alpha: 1, a: dy.data, lda: units,
             b: weight.value, ldb: units, beta: 0, c: &dx.data, ldc: inputs)
        return dx
    }

    /// An inference copy with a following BatchNorm folded into the weights and bias.
    public func foldBatchNorm(_ bn: BatchNorm) -> Dense {
        let (scale, shift) = bn.inferenceAffine()
        var rng = SeededGenerator(seed: 0)
        let folded = Dense(inputs: inputs, units: units, name: String(weight.name.dropLast(".weight".count)), rng: &rng)
        for i in 0 ..< inputs {
            for j in 0 ..< units { folded.weight.value[i * units + j] = weight.value[i * units + j] * scale[j] }
        }
        for j in 0 ..< units { folded.bias.value[j] = bias.value[j] * scale[j] + shift[j] }
        return folded
    }
}
