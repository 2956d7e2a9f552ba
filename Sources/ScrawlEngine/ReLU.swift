/// Rectified linear unit, `max(x, 0)`.
public final class ReLU: Layer {
    private var mask: [Bool] = []

    public init() {}

    public var spec: LayerSpec { .relu }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        var y = x
        for i in 0 ..< y.count where y.data[i] < 0 { y.data[i] = 0 }
        if training { mask = x.data.map { $0 > 0 } }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        var dx = dy
        for i in 0 ..< dx.count where !mask[i] { dx.data[i] = 0 }
        return dx
    }
}
