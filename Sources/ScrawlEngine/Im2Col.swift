/// The geometry of a convolution window over an NHWC image, and the unfold/fold between images and
/// patch matrices (one row per output pixel, `kernel * kernel * channels` values in (ky, kx, c) order).
struct Im2Col: Sendable {
    let height: Int, width: Int, channels: Int
    let kernel: Int, stride: Int
    let outputHeight: Int, outputWidth: Int
    /// Zero rows/columns added before the first input row/column.
    let padTop: Int, padLeft: Int

    init(height: Int, width: Int, channels: Int, kernel: Int, stride: Int, padding: Padding) {
        self.height = height; self.width = width; self.channels = channels
        self.kernel = kernel; self.stride = stride
        switch padding {
        case .valid:
            outputHeight = height >= kernel ? (height - kernel) / stride + 1 : 0
            outputWidth = width >= kernel ? (width - kernel) / stride + 1 : 0
            padTop = 0; padLeft = 0
        case .same:
            outputHeight = (height + stride - 1) / stride
            outputWidth = (width + stride - 1) / stride
            padTop = max((outputHeight - 1) * stride + kernel - height, 0) / 2
            padLeft = max((outputWidth - 1) * stride + kernel - width, 0) / 2
        }
    }

    /// Values in one patch row.
    var patchSize: Int { kernel * kernel * channels }

    /// Writes the patch matrix of images `images` of the batch at `input` (`images.count * outputHeight
    /// * outputWidth` rows, the first image's first row at `columns`), on the calling thread.
    func unfold(images: Range<Int>, input: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        let rowsPerImage = outputHeight * outputWidth
        let c = channels, k = patchSize
        for img in images {
            let image = input + img * height * width * c
            for pix in 0 ..< rowsPerImage {
                let oy = pix / outputWidth, ox = pix % outputWidth
                let out = columns + ((img - images.lowerBound) * rowsPerImage + pix) * k
                for ky in 0 ..< kernel {
                    let iy = oy * stride - padTop + ky
                    let dst = out + ky * kernel * c
                    if iy < 0 || iy >= height {
                        dst.update(repeating: 0, count: kernel * c)
                        continue
                    }
                    let x0 = ox * stride - padLeft
                    if x0 >= 0 && x0 + kernel <= width {
                        dst.update(from: image + (iy * width + x0) * c, count: kernel * c)
                    } else {
                        for kx in 0 ..< kernel {
                            let ix = x0 + kx
                            if ix < 0 || ix >= width {
                                (dst + kx * c).update(repeating: 0, count: c)
                            } else {
                                (dst + kx * c).update(from: image + (iy * width + ix) * c, count: c)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes into images `images` of the batch at `output` the sum, for each pixel, of the
    /// patch-row values that came from it (the transpose of ``unfold(images:input:into:)``; the
    /// first image's first patch row at `columns`), on the calling thread.
    func fold(images: Range<Int>, columns: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let rowsPerImage = outputHeight * outputWidth
        let c = channels, k = patchSize
        for img in images {
            let image = output + img * height * width * c
            image.update(repeating: 0, count: height * width * c)
            for pix in 0 ..< rowsPerImage {
                let oy = pix / outputWidth, ox = pix % outputWidth
                let src = columns + ((img - images.lowerBound) * rowsPerImage + pix) * k
                for ky in 0 ..< kernel {
                    let iy = oy * stride - padTop + ky
                    if iy < 0 || iy >= height { continue }
                    for kx in 0 ..< kernel {
                        let ix = ox * stride - padLeft + kx
                        if ix < 0 || ix >= width { continue }
                        let d = image + (iy * width + ix) * c
                        let s = src + (ky * kernel + kx) * c
                        for ch in 0 ..< c { d[ch] += s[ch] }
                    }
                }
            }
        }
    }
}
