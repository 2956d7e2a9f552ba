/// Rectified linear unit, `max(x, 0)`.
///
/// In a plan, a ReLU after a convolution runs in the convolution's epilogue (``PlanStage``): the
/// layer then only keeps the rectified output as its mask (``keepMask(_:)``), or, before a
/// max-pool that zeroes those gradients itself, nothing at all.
public final class ReLU: Layer {
    /// The last training output: where it is zero, the gradient is zero (no separate mask array).
    private var output = Tensor(shape: [0])

    public init() {}

    public var spec: LayerSpec { .relu }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let y = x.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            return Tensor(shape: x.shape) { out, range in
                for i in range { out[i] = max(s[i], 0) }
            }
        }
        if training { output = y }   // the mask backward needs
        return y
    }

    /// Keeps `y`, an output already rectified elsewhere, as the mask for ``backward(_:)``.
    func keepMask(_ y: Tensor) { output = y }

    public func backward(_ dy: Tensor) -> Tensor {
        output.data.withUnsafeBufferPointer { out in
            dy.data.withUnsafeBufferPointer { grad in
                let o = out.baseAddress!, g = grad.baseAddress!
                return Tensor(shape: dy.shape) { dx, range in
                    for i in range { dx[i] = o[i] > 0 ? g[i] : 0 }
                }
            }
        }
    }
}
