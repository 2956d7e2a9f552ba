/// One stage of a ``Sequential`` network.
///
/// A layer remembers what its forward pass needs for the backward pass, so calls alternate:
/// `forward(x, training: true)` then `backward(dy)`, which writes parameter gradients and returns dx.
public protocol Layer: AnyObject {
    /// The architecture description saved in model files.
    var spec: LayerSpec { get }
    /// Trainable parameters (possibly none).
    var parameters: [Parameter] { get }
    /// Non-trainable state saved with the model (BatchNorm running averages).
    var buffers: [Parameter] { get }
    /// Output shape of one item (no batch dimension) for an input item shape.
    func outputShape(for input: [Int]) -> [Int]
    func forward(_ x: Tensor, training: Bool) -> Tensor
    func backward(_ dy: Tensor) -> Tensor
    /// Computes parameter gradients only, for the first layer, whose input gradient nobody needs.
    func backwardParametersOnly(_ dy: Tensor)
}

extension Layer {
    public func backwardParametersOnly(_ dy: Tensor) { _ = backward(dy) }
    public var parameters: [Parameter] { [] }
    public var buffers: [Parameter] { [] }
}
