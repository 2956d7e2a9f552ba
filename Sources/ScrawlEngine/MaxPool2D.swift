/// Max pooling over NHWC images with a square window (`valid`: partial windows are dropped).
///
/// Training records, per output value, which window position held the maximum (the first, on
/// ties) in one byte, and backward sends the gradient there: a quarter of the memory traffic of
/// 32-bit indices, and none of the input read again.
public final class MaxPool2D: Layer {
    public let size: Int, stride: Int
    private var position: [UInt8] = []
    private var inputShape: [Int] = []
    /// The last training output (a reference, not a copy).
    private var output = Tensor(shape: [0])

    init(size: Int, stride: Int) {
        precondition(size * size <= 256, "a window position must fit in a byte")
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
        let offsets = windowOffsets(width: w, channels: c)
        if training {
            inputShape = x.shape
            if position.count != n * oh * ow * c { position = [UInt8](repeating: 0, count: n * oh * ow * c) }
        }
        // Inference leaves `position` alone (several threads may run inference at once).
        if training {
            let y = position.withUnsafeMutableBufferPointer { pool(x, oh, ow, offsets, recording: $0.baseAddress) }
            output = y
            return y
        }
        return pool(x, oh, ow, offsets, recording: nil)
    }

    /// The pooled tensor; with `recording`, each output's window position is written there too.
    private func pool(_ x: Tensor, _ oh: Int, _ ow: Int, _ offsets: [Int], recording at: UnsafeMutablePointer<UInt8>?) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        return x.data.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            // Whole output rows per chunk; channels innermost, so every read and write is contiguous.
            return Tensor(shape: [n, oh, ow, c], granule: ow * c, cost: size * size) { d, range in
                for row in range.lowerBound / (ow * c) ..< range.upperBound / (ow * c) {
                    let img = row / oh, oy = row % oh
                    poolRows(img, oy ..< oy + 1, image: s + img * h * w * c, width: w, channels: c, oh, ow, offsets,
                             output: d, recording: at)
                }
            }
        }
    }

    /// Output rows `rows` of image `img`, whose input starts at `image`, written into the batch's
    /// `output` (and window positions into `at`).
    private func poolRows(_ img: Int, _ rows: Range<Int>, image: UnsafePointer<Float>, width w: Int, channels c: Int,
                          _ oh: Int, _ ow: Int, _ offsets: [Int], output d: UnsafeMutablePointer<Float>,
                          recording at: UnsafeMutablePointer<UInt8>?) {
        let (size, stride) = (self.size, self.stride)
        for oy in rows {
            for ox in 0 ..< ow {
                let o = ((img * oh + oy) * ow + ox) * c
                let first = image + (oy * stride * w + ox * stride) * c
                var ch = 0
                while ch + 8 <= c {   // eight channels at a time
                    var best = SIMD8<Float>(loadingFrom: first + ch), index = SIMD8<Int32>()
                    for q in 1 ..< size * size {
                        let v = SIMD8<Float>(loadingFrom: first + offsets[q] + ch)
                        let higher = v .> best
                        best = best.replacing(with: v, where: higher)
                        index = index.replacing(with: Int32(q), where: higher)
                    }
                    best.store(to: d + o + ch)
                    if let at { SIMD8<UInt8>(truncatingIfNeeded: index).store(to: at + o + ch) }
                    ch += 8
                }
                for ch in ch ..< c {
                    var best = first[ch], index = 0
                    for q in 1 ..< size * size {
                        let v = first[offsets[q] + ch]
                        if v > best { best = v; index = q }
                    }
                    d[o + ch] = best
                    at?[o + ch] = UInt8(index)
                }
            }
        }
    }

    /// The training forward pass over a batch of `inputShape` whose images are not stored:
    /// `images(body)` must call `body(image, input)` once for every image, from any thread, with
    /// that image's input (a first convolution's output, ``PlanStage``).
    func forwardTraining(inputShape: [Int], images: ((Int, UnsafePointer<Float>) -> Void) -> Void) -> Tensor {
        let (n, h, w, c) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let out = outputShape(for: [h, w, c])
        let (oh, ow) = (out[0], out[1])
        let offsets = windowOffsets(width: w, channels: c)
        self.inputShape = inputShape
        if position.count != n * oh * ow * c { position = [UInt8](repeating: 0, count: n * oh * ow * c) }
        var y = Tensor(uninitializedShape: [n, oh, ow, c])   // every image is pooled
        y.data.withUnsafeMutableBufferPointer { d in
            position.withUnsafeMutableBufferPointer { at in
                let (d, at) = (d.baseAddress!, at.baseAddress!)
                images { img, input in poolRows(img, 0 ..< oh, image: input, width: w, channels: c, oh, ow, offsets, output: d, recording: at) }
            }
        }
        output = y
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor { backward(dy, inputIsReLU: false) }

    /// The input gradient; with `inputIsReLU` (a plan's fused ReLU before this pool), it also
    /// zeroes the gradient of outputs that are zero, doing the ReLU's backward pass on the way.
    func backward(_ dy: Tensor, inputIsReLU: Bool) -> Tensor {
        let (n, h, w, c) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        var dx = Tensor(uninitializedShape: inputShape)
        dy.data.withUnsafeBufferPointer { grad in
            dx.data.withUnsafeMutableBufferPointer { out in
                let (g, d) = (grad.baseAddress!, out.baseAddress!)
                // Each image's gradient goes only to that image's pixels: images in parallel.
                Parallel.forChunks(n, cost: h * w * c) { images in
                    backward(images: images, dy: g, into: d + images.lowerBound * h * w * c, inputIsReLU: inputIsReLU)
                }
            }
        }
        return dx
    }

    /// The input gradient of images `images` of the last training batch, written to `dx` (which
    /// starts at the first of them), from the gradient `dy` of the whole batch's output. Lets the
    /// first layer take its gradient image by image while it is in cache (``PlanStage``).
    func backward(images: Range<Int>, dy g: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, inputIsReLU: Bool) {
        let (h, w, c) = (inputShape[1], inputShape[2], inputShape[3])
        let (oh, ow) = ((h - size) / stride + 1, (w - size) / stride + 1)
        let (size, stride) = (self.size, self.stride)
        // Windows that tile the image (stride == size) cover each pixel at most once: their pixels
        // are written outright and only an uncovered edge is cleared. Overlapping windows add into
        // a cleared image.
        let tiles = stride == size
        let offsets = windowOffsets(width: w, channels: c)
        // Behind a ReLU, an output of zero came from a window of zeros: its gradient stops here.
        let floor: Float = inputIsReLU ? 0 : -.infinity
        output.data.withUnsafeBufferPointer { outputs in
            position.withUnsafeBufferPointer { positions in
                let (at, top) = (positions.baseAddress!, outputs.baseAddress!)
                // One output pixel's gradients, zeroed where the output is at the floor.
                let live = UnsafeMutablePointer<Float>.allocate(capacity: c)
                defer { live.deallocate() }
                for img in images {
                    let image = d + (img - images.lowerBound) * h * w * c
                    if !tiles {
                        image.update(repeating: 0, count: h * w * c)
                    } else {
                        for y in 0 ..< h {
                            if y >= oh * size { (image + y * w * c).update(repeating: 0, count: w * c); continue }
                            if ow * size < w { (image + (y * w + ow * size) * c).update(repeating: 0, count: (w - ow * size) * c) }
                        }
                    }
                    for oy in 0 ..< oh {
                        for ox in 0 ..< ow {
                            let o = ((img * oh + oy) * ow + ox) * c
                            let first = (oy * stride * w + ox * stride) * c
                            for ch in 0 ..< c { live[ch] = top[o + ch] > floor ? g[o + ch] : 0 }
                            for q in 0 ..< size * size {
                                let p = image + first + offsets[q]
                                let mark = UInt8(q)
                                for ch in 0 ..< c {
                                    let share = at[o + ch] == mark ? live[ch] : 0
                                    p[ch] = tiles ? share : p[ch] + share
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension MaxPool2D {
    /// Where each window position (row-major) is, in floats from the window's first value.
    func windowOffsets(width w: Int, channels c: Int) -> [Int] {
        (0 ..< size * size).map { q in ((q / size) * w + q % size) * c }
    }
}
