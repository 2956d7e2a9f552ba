/// The weight gradient of a layer whose whole window is a handful of values (a first layer: 3x3
/// of one channel), without a patch matrix.
///
/// As a matrix multiply it is nine rows by the filters, a whole batch of pixels deep: unfolding
/// the image first copies three values at a time and the product's tiles are three-quarters
/// empty (measured: the first layer's backward pass took longer than the 32-channel layer after
/// it). Here each output pixel's few input values multiply its gradient row straight into the
/// weight gradient, eight filters at a time.
extension Conv2D {
    /// Weight (and bias) gradients of this first layer when the gradient of its output comes
    /// image by image from `dyOf(images, into)` (the max-pool after it, ``PlanStage``): each
    /// image's gradient is used while in cache instead of written for the whole batch and read back.
    func backwardParametersOnly(dyOf: (_ images: Range<Int>, _ into: UnsafeMutablePointer<Float>) -> Void) {
        guard let x = cachedInput else { preconditionFailure("backward needs a training-mode forward pass first") }
        precondition(KernelRules.weightGradient(self) == .smallWindow, "only a small-window layer takes its gradient image by image")
        let n = x.batch, k = geometry.patchSize, f = filters
        let parts = partCount(batch: n), rows = k + (bias == nil ? 0 : 1)
        var partial = [Float](unsafeUninitializedCapacity: parts * rows * f) { _, count in count = parts * rows * f }
        x.data.withUnsafeBufferPointer { src in
            partial.withUnsafeMutableBufferPointer { sums in
                let (input, base) = (src.baseAddress!, sums.baseAddress!)
                Parallel.forEach(parts) { part in
                    let lo = n * part / parts, hi = n * (part + 1) / parts
                    let dy = UnsafeMutablePointer<Float>.allocate(capacity: outputHeight * outputWidth * f)
                    defer { dy.deallocate() }
                    for img in lo ..< hi {
                        dyOf(img ..< img + 1, dy)
                        addSmallWindowGradient(images: img ..< img + 1, input: input, dy: dy, into: base + part * rows * f,
                                               first: img == lo, bias: bias != nil)
                    }
                }
            }
        }
        setGradients(fromParts: partial, parts: parts, rows: rows)
    }

    /// `dw += columns^T * dy` over images `images` (`dy` starting at the first of them; `dw = ...`
    /// when `first`), `dw` being `patchSize x filters`; with `bias`, `dw` has one more row, the sum
    /// of `dy` (the bias gradient: the weight gradient of an input that is always 1), so `dy` is
    /// read once.
    func addSmallWindowGradient(images: Range<Int>, input: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                into dw: UnsafeMutablePointer<Float>, first: Bool, bias: Bool) {
        let g = geometry, c = g.channels, f = filters, k = g.patchSize + (bias ? 1 : 0)
        // Sums build up in this thread's own buffer: every pixel touches all of them, and a cache
        // line shared with the part next door would bounce between cores (measured: two threads
        // twice as slow as one).
        let sums = UnsafeMutableRawPointer.allocate(byteCount: k * f * 4, alignment: 64).bindMemory(to: Float.self, capacity: k * f)
        defer { sums.deallocate() }
        sums.update(repeating: 0, count: k * f)
        // Where each window value sits relative to the window's first value.
        let offsets = (0 ..< g.patchSize).map { p in ((p / c) / kernel * g.width + (p / c) % kernel) * c + p % c }
        if g.patchSize == 9 {
            addNineValueGradient(images: images, input: input, dy: dy, offsets: offsets, into: sums, bias: bias)
        } else {
            var window = [Float](repeating: 1, count: k)   // a last 1 for the bias
            offsets.withUnsafeBufferPointer { off in
                window.withUnsafeMutableBufferPointer { values in
                    let (o, v) = (off.baseAddress!, values.baseAddress!)
                    for img in images {
                        let image = input + img * g.height * g.width * c
                        for oy in 0 ..< outputHeight {
                            for ox in 0 ..< outputWidth {
                                let start = image + (oy * stride * g.width + ox * stride) * c
                                for p in 0 ..< g.patchSize { v[p] = start[o[p]] }
                                let grad = dy + (((img - images.lowerBound) * outputHeight + oy) * outputWidth + ox) * f
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
        }
        for i in 0 ..< k * f { dw[i] = (first ? 0 : dw[i]) + sums[i] }
    }

    /// The same for a nine-value window (3x3 of one channel, both models' first layer): for eight
    /// filters at a time, nine accumulators stay in registers over a whole image, instead of
    /// every pixel loading and storing all nine of them (the loop was bound by those stores).
    private func addNineValueGradient(images: Range<Int>, input: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                      offsets: [Int], into sums: UnsafeMutablePointer<Float>, bias: Bool) {
        let g = geometry, c = g.channels, f = filters
        let (o1, o2, o3, o4) = (offsets[1], offsets[2], offsets[3], offsets[4])
        let (o5, o6, o7, o8) = (offsets[5], offsets[6], offsets[7], offsets[8])
        for img in images {
            let image = input + img * g.height * g.width * c
            let grad = dy + (img - images.lowerBound) * outputHeight * outputWidth * f
            for q in Swift.stride(from: 0, to: f, by: 8) {
                var (a0, a1, a2, a3, a4) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                var (a5, a6, a7, a8, a9) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                for oy in 0 ..< outputHeight {
                    for ox in 0 ..< outputWidth {
                        let v = image + (oy * stride * g.width + ox * stride) * c
                        let d = SIMD8<Float>(loadingFrom: grad + (oy * outputWidth + ox) * f + q)
                        GemmMicroKernel.madd(&a0, SIMD8(repeating: v[0]), d)
                        GemmMicroKernel.madd(&a1, SIMD8(repeating: v[o1]), d)
                        GemmMicroKernel.madd(&a2, SIMD8(repeating: v[o2]), d)
                        GemmMicroKernel.madd(&a3, SIMD8(repeating: v[o3]), d)
                        GemmMicroKernel.madd(&a4, SIMD8(repeating: v[o4]), d)
                        GemmMicroKernel.madd(&a5, SIMD8(repeating: v[o5]), d)
                        GemmMicroKernel.madd(&a6, SIMD8(repeating: v[o6]), d)
                        GemmMicroKernel.madd(&a7, SIMD8(repeating: v[o7]), d)
                        GemmMicroKernel.madd(&a8, SIMD8(repeating: v[o8]), d)
                        a9 += d
                    }
                }
                for (p, a) in [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9].enumerated() where p < 9 || bias {
                    (SIMD8<Float>(loadingFrom: sums + p * f + q) + a).store(to: sums + p * f + q)
                }
            }
        }
    }
}
