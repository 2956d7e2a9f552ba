/// Rectified linear unit, `max(x, 0)`.
public final class ReLU: Layer {
    /// The last training output: where it is zero, the gradient is zero (no separate mask array).
    private var output = Tensor(shape: [0])

    /// The convolution before this layer already rectifies its output (its epilogue), so forward
    /// only keeps the output for backward (set by ``Sequential``).
    var inputIsRectified = false
    /// The max-pool after this layer already zeroes the gradient where this output is zero, so
    /// backward passes it through (set by ``Sequential``).
    var gradientIsMaskedAfter = false

    public init() {}

    public var spec: LayerSpec { .relu }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let y = inputIsRectified ? x : x.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            return Tensor(shape: x.shape) { out, range in
                for i in range { out[i] = max(s[i], 0) }
            }
        }
        if training && !gradientIsMaskedAfter { output = y }   // the mask backward needs
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        if gradientIsMaskedAfter { return dy }
        return output.data.withUnsafeBufferPointer { out in
            dy.data.withUnsafeBufferPointer { grad in
                let o = out.baseAddress!, g = grad.baseAddress!
                return Tensor(shape: dy.shape) { dx, range in
                    for i in range { dx[i] = o[i] > 0 ? g[i] : 0 }
                }
            }
        }
    }
}
