/// Inverted dropout: in training each value is zeroed with probability `rate` and the survivors
/// are scaled by `1 / (1 - rate)`; in inference it passes values through.
public final class Dropout: Layer {
    public let rate: Float
    private var rng: SeededGenerator
    private var mask: [Float] = []

    init(rate: Float, seed: UInt64) {
        self.rate = rate
        rng = SeededGenerator(seed: seed)
    }

    public var spec: LayerSpec { .dropout(rate: rate) }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return x }
        let keep = 1 / (1 - rate)
        mask = (0 ..< x.count).map { _ in rng.nextUnit() < rate ? 0 : keep }
        var y = x
        for i in 0 ..< y.count { y.data[i] *= mask[i] }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard rate > 0 else { return dy }
        var dx = dy
        for i in 0 ..< dx.count { dx.data[i] *= mask[i] }
        return dx
    }
}
