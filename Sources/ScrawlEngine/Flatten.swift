/// Reshapes each item to a vector (NHWC order is kept, so nothing moves in memory).
public final class Flatten: Layer {
    private var inputShape: [Int] = []

    public init() {}

    public var spec: LayerSpec { .flatten }
    public func outputShape(for input: [Int]) -> [Int] { [input.reduce(1, *)] }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { inputShape = x.shape }
        return x.reshaped([x.batch, x.itemCount])
    }

    public func backward(_ dy: Tensor) -> Tensor { dy.reshaped(inputShape) }
}
