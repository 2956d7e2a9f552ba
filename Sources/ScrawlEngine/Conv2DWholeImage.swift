/// Layers with a single output pixel whose window holds the whole input image (the peer CNN's
/// last convolution: 5x5, stride 2, `same`, over 2x2 images), as the dense layer they are.
///
/// The patch matrix of such a layer is mostly padding: 4 of the window's 25 positions fall on
/// the image, so 84% of the multiply-adds over it are by zero. Here the image itself is the
/// patch, times the weight rows of the window positions that cover it: no unfold, no fold, and
/// a sixth of the work.
extension Conv2D {
    /// Index of the weight row that multiplies input value `i` (`(y * width + x) * channels + c`).
    private func weightRow(ofInput i: Int) -> Int {
        let g = geometry, c = g.channels
        let (pixel, ch) = (i / c, i % c)
        return ((pixel / g.width + g.padTop) * kernel + pixel % g.width + g.padLeft) * c + ch
    }

    /// The weight rows that meet the image, in input order (`height * width * channels x filters`),
    /// gathered again only when the weights changed.
    func imageWeights() -> [Float] {
        if let cached = imageWeightCache, cached.version == weight.version { return cached.rows }
        let f = filters, count = geometry.height * geometry.width * geometry.channels
        var rows = [Float](repeating: 0, count: count * f)
        for i in 0 ..< count {
            let r = weightRow(ofInput: i)
            for j in 0 ..< f { rows[i * f + j] = weight.value[r * f + j] }
        }
        imageWeightCache = (weight.version, rows)
        return rows
    }

    /// `y = x * W'` (plus the epilogue), one row per image.
    func forwardWholeImage(_ x: Tensor, epilogue: Epilogue, keepInput: Bool) -> Tensor {
        let n = x.batch, f = filters, k = x.itemCount
        var y = Tensor(uninitializedShape: [n, 1, 1, f])
        let w = imageWeights()
        x.data.withUnsafeBufferPointer { src in
            w.withUnsafeBufferPointer { wb in
                y.data.withUnsafeMutableBufferPointer { out in
                    gemm(transA: false, transB: false, m: n, n: f, k: k, alpha: 1, a: src.baseAddress!, lda: k,
                         b: wb.baseAddress!, ldb: f, beta: 0, c: out.baseAddress!, ldc: f)
                    applyEpilogue(out.baseAddress!, rows: n, epilogueTerms(epilogue))
                }
            }
        }
        if keepInput { cachedInput = x } else if cachedInput != nil { cachedInput = nil }
        return y
    }

    /// `dW' = x^T * dy` spread back to the weight rows it came from (the others get zero),
    /// `db` = the sums of `dy`, and with `inputGradient` `dx = dy * W'^T`.
    func backwardWholeImage(_ dy: Tensor, inputGradient: Bool) -> Tensor? {
        guard let x = cachedInput else { preconditionFailure("backward needs a training-mode forward pass first") }
        let n = x.batch, f = filters, k = x.itemCount
        var compact = [Float](repeating: 0, count: k * f)
        var dx = inputGradient ? Tensor(uninitializedShape: x.shape) : nil
        let w = inputGradient ? imageWeights() : []
        x.data.withUnsafeBufferPointer { src in
            dy.data.withUnsafeBufferPointer { grad in
                compact.withUnsafeMutableBufferPointer { dw in
                    gemm(transA: true, transB: false, m: k, n: f, k: n, alpha: 1, a: src.baseAddress!, lda: k,
                         b: grad.baseAddress!, ldb: f, beta: 0, c: dw.baseAddress!, ldc: f)
                }
                guard dx != nil else { return }
                w.withUnsafeBufferPointer { wb in
                    dx!.data.withUnsafeMutableBufferPointer { out in
                        gemm(transA: false, transB: true, m: n, n: k, k: f, alpha: 1, a: grad.baseAddress!, lda: f,
                             b: wb.baseAddress!, ldb: f, beta: 0, c: out.baseAddress!, ldc: k)
                    }
                }
            }
        }
        var dW = [Float](repeating: 0, count: geometry.patchSize * f)
        for i in 0 ..< k {
            let r = weightRow(ofInput: i)
            for j in 0 ..< f { dW[r * f + j] = compact[i * f + j] }
        }
        weight.gradient = dW
        if let bias { bias.gradient = sumRows(dy.data, rows: n, columns: f) }
        return dx
    }
}
