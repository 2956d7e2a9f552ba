/// The forward pass, and the weight gradient of unpadded layers, without a patch matrix: the GEMM's
/// A strips are read straight from the image.
///
/// Six consecutive output pixels of one output row, at kernel row `ky`, read `kernel * channels`
/// consecutive input values each, starting `stride * channels` apart: exactly a strip of six rows
/// of A with row stride `stride * channels`, which the micro-kernel reads in place, kernel row after
/// kernel row, before it writes the tile. So each output strip is one micro-kernel call per 16
/// filters, with no copy of the input at all (a `same`-padded layer copies each image once into a
/// zero border first). A row narrower than six pixels uses the patch matrix instead. The weight
/// gradient reads the same values the other way round (``addImageGradient(images:input:dy:into:first:)``).
extension Conv2D {
    typealias K = GemmMicroKernel

    /// Weights packed as the micro-kernel wants its B panels: for each 16 filters and kernel row,
    /// `kernel * channels` steps of 16 values (zero past the last filter).
    func packedWeightPanels() -> [Float] {
        let depth = kernel * geometry.channels
        let panels = (filters + K.nr - 1) / K.nr
        var packed = [Float](repeating: 0, count: panels * kernel * depth * K.nr)
        weight.value.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { out in
                for t in 0 ..< panels {
                    for ky in 0 ..< kernel {
                        packB(transB: false, b: w.baseAddress! + ky * depth * filters, ldb: filters, row0: 0, col0: t * K.nr,
                              kc: depth, n: filters, into: out.baseAddress! + (t * kernel + ky) * depth * K.nr)
                    }
                }
            }
        }
        return packed
    }

    /// Writes the (pre-epilogue) output of images `images` from the input batch at `input`
    /// (`output` is where the first of them goes).
    func forwardInPlace(images: Range<Int>, input: UnsafePointer<Float>, panels: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>) {
        let g = geometry, c = g.channels, f = filters
        let depth = kernel * c
        let panelCount = (f + K.nr - 1) / K.nr
        // The window of every output pixel must lie inside the buffer read: pad when the layer pads.
        let padded = g.padTop > 0 || g.padLeft > 0 || (outputHeight - 1) * stride + kernel > g.height
            || (outputWidth - 1) * stride + kernel > g.width
        let paddedHeight = (outputHeight - 1) * stride + kernel, paddedWidth = (outputWidth - 1) * stride + kernel
        let scratch = padded ? UnsafeMutablePointer<Float>.allocate(capacity: paddedHeight * paddedWidth * c) : nil
        defer { scratch?.deallocate() }
        for img in images {
            var image = input + img * g.height * g.width * c
            var pitch = g.width * c
            if let scratch {
                scratch.update(repeating: 0, count: paddedHeight * paddedWidth * c)
                for y in 0 ..< g.height where y + g.padTop < paddedHeight {
                    let columns = min(g.width, paddedWidth - g.padLeft)
                    (scratch + ((y + g.padTop) * paddedWidth + g.padLeft) * c).update(from: image + y * pitch, count: columns * c)
                }
                image = UnsafePointer(scratch)
                pitch = paddedWidth * c
            }
            let out = output + (img - images.lowerBound) * outputHeight * outputWidth * f
            for oy in 0 ..< outputHeight {
                // Kernel rows over the zero border above or below the image add nothing: skipped
                // (a 5x5, stride-2 "same" layer's first and last output rows use 3 of 5).
                let top = oy * stride - g.padTop
                let ky0 = max(0, -top), ky1 = min(kernel, g.height - top)
                if ky1 <= ky0 { (out + oy * outputWidth * f).update(repeating: 0, count: outputWidth * f); continue }
                var ox0 = 0
                while ox0 < outputWidth {
                    // The last strip of a row is moved back to end at the row's end: its first
                    // pixels are computed twice, to the same values.
                    let start = min(ox0, outputWidth - K.mr)
                    let c0 = out + (oy * outputWidth + start) * f
                    let a = image + (oy * stride + ky0) * pitch + start * stride * c
                    for t in 0 ..< panelCount {
                        K.run(kc: depth, a: .image(a, lda: stride * c, segments: ky1 - ky0, pitch: pitch),
                              b: panels + (t * kernel + ky0) * depth * K.nr, c: c0 + t * K.nr, ldc: f, alpha: 1,
                              overwrite: true, rows: K.mr, columns: min(K.nr, f - t * K.nr))
                    }
                    ox0 += K.mr
                }
            }
        }
    }

    /// `dw += patches^T * dy` over images `images` (`dy` starting at the first of them; `dw = ...`
    /// when `first`), with no patch matrix: six consecutive values of a window row are six rows of
    /// A, read across output pixels (one output row of the image per run), times the image's
    /// gradient rows packed as B panels. Needs every window inside the image and six consecutive
    /// window values never straddling two kernel rows (``KernelRules/weightGradient(_:)``).
    func addImageGradient(images: Range<Int>, input: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                          into dw: UnsafeMutablePointer<Float>, first: Bool) {
        let g = geometry, c = g.channels, f = filters, k = g.patchSize
        let pixels = outputHeight * outputWidth
        let panelCount = (f + K.nr - 1) / K.nr
        let panels = UnsafeMutablePointer<Float>.allocate(capacity: panelCount * K.nr * pixels)
        defer { panels.deallocate() }
        for img in images {
            let image = input + img * g.height * g.width * c
            let grad = dy + (img - images.lowerBound) * pixels * f
            for t in 0 ..< panelCount {
                packB(transB: false, b: grad, ldb: f, row0: 0, col0: t * K.nr, kc: pixels, n: f, into: panels + t * K.nr * pixels)
            }
            let overwrite = first && img == images.lowerBound
            for i0 in Swift.stride(from: 0, to: k, by: K.mr) {
                // Window value i0 = (ky, kx, ch): kernel row ky, offset q within that row's values.
                let ky = i0 / (kernel * c), q = i0 % (kernel * c)
                let a = image + ky * g.width * c + q
                for t in 0 ..< panelCount {
                    K.run(kc: outputWidth, a: .imageColumns(a, step: stride * c, segments: outputHeight, pitch: stride * g.width * c),
                          b: panels + t * K.nr * pixels, c: dw + i0 * f + t * K.nr, ldc: f, alpha: 1, overwrite: overwrite,
                          rows: K.mr, columns: min(K.nr, f - t * K.nr))
                }
            }
        }
    }
}
