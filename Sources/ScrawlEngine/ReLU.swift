/// Rectified linear unit, `max(x, 0)`.
public final class ReLU: Layer {
    /// The last training output: where it is zero, the gradient is zero (no separate mask array).
    private var output = Tensor(shape: [0])

    public init() {}

    public var spec: LayerSpec { .relu }
    public func outputShape(for input: [Int]) -> [Int] { input }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        var y = x
        y.data.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            Parallel.forChunks(buffer.count, granule: 4096) { range in
                for i in range { p[i] = max(p[i], 0) }
            }
        }
        if training { output = y }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        var dx = dy
        output.data.withUnsafeBufferPointer { out in
            dx.data.withUnsafeMutableBufferPointer { buffer in
                let p = buffer.baseAddress!, o = out.baseAddress!
                Parallel.forChunks(buffer.count, granule: 4096) { range in
                    for i in range where o[i] <= 0 { p[i] = 0 }
                }
            }
        }
        return dx
    }
}
