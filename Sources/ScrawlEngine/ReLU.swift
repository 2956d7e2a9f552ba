/// Rectified linear unit, `max(x, 0)`.
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
        if training { output = y }
        return y
    }

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
