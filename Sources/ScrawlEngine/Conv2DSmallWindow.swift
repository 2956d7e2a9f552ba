/// The weight gradient of a layer whose whole window is a handful of values (a first layer: 3x3
/// of one channel), without a patch matrix.
///
/// As a matrix multiply it is nine rows by the filters, a whole batch of pixels deep: unfolding
/// the image first copies three values at a time and the product's tiles are three-quarters
/// empty (measured: the first layer's backward pass took longer than the 32-channel layer after
/// it). Here each output pixel's few input values multiply its gradient row straight into the
/// weight gradient, eight filters at a time.
extension Conv2D {
    var hasSmallWindow: Bool {
        let g = geometry
        return g.patchSize <= 16 && filters % 8 == 0 && g.padTop == 0 && g.padLeft == 0
            && (outputHeight - 1) * stride + kernel <= g.height && (outputWidth - 1) * stride + kernel <= g.width
    }

    /// `dw += columns^T * dy` over images `images` (`dw = ...` when `first`), `dw` being
    /// `patchSize x filters`.
    func addSmallWindowGradient(images: Range<Int>, input: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                into dw: UnsafeMutablePointer<Float>, first: Bool) {
        let g = geometry, c = g.channels, f = filters, k = g.patchSize
        // Sums build up in this thread's own buffer: every pixel touches all of them, and a cache
        // line shared with the part next door would bounce between cores (measured: two threads
        // twice as slow as one).
        let sums = UnsafeMutableRawPointer.allocate(byteCount: k * f * 4, alignment: 64).bindMemory(to: Float.self, capacity: k * f)
        defer { sums.deallocate() }
        sums.update(repeating: 0, count: k * f)
        // Where each window value sits relative to the window's first value.
        let offsets = (0 ..< k).map { p in ((p / c) / kernel * g.width + (p / c) % kernel) * c + p % c }
        var window = [Float](repeating: 0, count: k)
        offsets.withUnsafeBufferPointer { off in
            window.withUnsafeMutableBufferPointer { values in
                let (o, v) = (off.baseAddress!, values.baseAddress!)
                for img in images {
                    let image = input + img * g.height * g.width * c
                    for oy in 0 ..< outputHeight {
                        for ox in 0 ..< outputWidth {
                            let start = image + (oy * stride * g.width + ox * stride) * c
                            for p in 0 ..< k { v[p] = start[o[p]] }
                            let grad = dy + ((img * outputHeight + oy) * outputWidth + ox) * f
                            var q = 0
                            while q < f {
                                let d = SIMD8<Float>(loadingFrom: grad + q)
                                for p in 0 ..< k {
                                    var acc = SIMD8<Float>(loadingFrom: sums + p * f + q)
                                    GemmMicroKernel.madd(&acc, SIMD8(repeating: v[p]), d)
                                    acc.store(to: sums + p * f + q)
                                }
                                q += 8
                            }
                        }
                    }
                }
            }
        }
        for i in 0 ..< k * f { dw[i] = (first ? 0 : dw[i]) + sums[i] }
    }
}
