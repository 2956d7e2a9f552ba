/// Max pooling over NHWC images with a square window (`valid`: partial windows are dropped).
public final class MaxPool2D: Layer {
    public let size: Int, stride: Int
    private var argmax: [Int32] = []
    private var inputShape: [Int] = []

    init(size: Int, stride: Int) {
        self.size = size
        self.stride = stride
    }

    public var spec: LayerSpec { .maxPool2d(size: size, stride: stride) }

    public func outputShape(for input: [Int]) -> [Int] {
        [(input[0] - size) / stride + 1, (input[1] - size) / stride + 1, input[2]]
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let out = outputShape(for: [h, w, c])
        let (oh, ow) = (out[0], out[1])
        var y = Tensor(uninitializedShape: [n, oh, ow, c])   // every element written below
        if training {
            if argmax.count != y.count { argmax = [Int32](repeating: 0, count: y.count) }
            inputShape = x.shape
        }
        let keep = training
        x.data.withUnsafeBufferPointer { src in
            y.data.withUnsafeMutableBufferPointer { dst in
                argmax.withUnsafeMutableBufferPointer { arg in
                    let (s, d, a) = (src.baseAddress!, dst.baseAddress!, arg.baseAddress)
                    Parallel.forChunks(n * oh, cost: ow * c * size * size) { range in
                        for row in range {
                            let img = row / oh, oy = row % oh
                            for ox in 0 ..< ow {
                                // Channels innermost: every read and write is contiguous.
                                let o = ((img * oh + oy) * ow + ox) * c
                                let first = ((img * h + oy * stride) * w + ox * stride) * c
                                for ch in 0 ..< c { d[o + ch] = s[first + ch] }
                                if keep { for ch in 0 ..< c { a![o + ch] = Int32(first + ch) } }
                                for ky in 0 ..< size {
                                    for kx in 0 ..< size where ky + kx > 0 {
                                        let base = ((img * h + oy * stride + ky) * w + ox * stride + kx) * c
                                        if keep {
                                            for ch in 0 ..< c where s[base + ch] > d[o + ch] {
                                                d[o + ch] = s[base + ch]
                                                a![o + ch] = Int32(base + ch)
                                            }
                                        } else {
                                            for ch in 0 ..< c { d[o + ch] = max(d[o + ch], s[base + ch]) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        // Each image's gradient goes only to that image's pixels: images are done in parallel.
        let n = inputShape[0]
        let inPerImage = inputShape.dropFirst().reduce(1, *), outPerImage = dy.count / max(n, 1)
        return dy.data.withUnsafeBufferPointer { grad in
            argmax.withUnsafeBufferPointer { arg in
                let g = grad.baseAddress!, a = arg.baseAddress!
                var dx = Tensor(uninitializedShape: inputShape)
                dx.data.withUnsafeMutableBufferPointer { out in
                    let d = out.baseAddress!
                    Parallel.forChunks(n, cost: inPerImage) { images in
                        let range = images.lowerBound * outPerImage ..< images.upperBound * outPerImage
                        (d + images.lowerBound * inPerImage).update(repeating: 0, count: images.count * inPerImage)
                        for i in range { d[Int(a[i])] += g[i] }
                    }
                }
                return dx
            }
        }
    }
}
