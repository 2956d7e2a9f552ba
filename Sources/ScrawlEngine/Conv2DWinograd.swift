/// The forward pass of 3x3, stride-1 layers by Winograd's minimal filtering F(2x2, 3x3): each 2x2 block
/// of output comes from a 4x4 block of input with 16 multiplications per channel pair instead of
/// 36, so the layer costs 16 small matrix multiplies of (tiles x channels) by (channels x filters)
/// at 4/9 of the direct method's multiplications, plus cheap additions to transform tiles in and
/// out (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016). Results agree
/// with the direct convolution to float rounding (tested against the naive loop).
extension Conv2D {
    /// Floats of one transformed weight matrix packed as B panels (channels deep, filters rounded up to panels).
    var winogradPanelSize: Int { (filters + GemmMicroKernel.nr - 1) / GemmMicroKernel.nr * GemmMicroKernel.nr * geometry.channels }

    /// The 16 transformed weight matrices U = G g G^T (channels x filters each), packed as the GEMM's
    /// B panels, one after the other.
    func winogradWeightPanels() -> [Float] {
        let c = geometry.channels, f = filters
        // G applied to three values: (a, (a+b+d)/2, (a-b+d)/2, d).
        func g3(_ a: Float, _ b: Float, _ d: Float) -> [Float] { [a, (a + b + d) / 2, (a - b + d) / 2, d] }
        var u = [Float](repeating: 0, count: 16 * c * f)   // u[xi][ch][k]
        weight.value.withUnsafeBufferPointer { w in
            for ch in 0 ..< c {
                for k in 0 ..< f {
                    func g(_ ky: Int, _ kx: Int) -> Float { w[((ky * 3 + kx) * c + ch) * f + k] }
                    // G g: column x of the 4x3 result is G applied to the kernel's column x.
                    let columns = (0 ..< 3).map { x in g3(g(0, x), g(1, x), g(2, x)) }
                    // (G g) G^T: G applied to each row of G g.
                    for r in 0 ..< 4 {
                        let row = g3(columns[0][r], columns[1][r], columns[2][r])
                        for s in 0 ..< 4 { u[((r * 4 + s) * c + ch) * f + k] = row[s] }
                    }
                }
            }
        }
        let size = winogradPanelSize
        var panels = [Float](repeating: 0, count: 16 * size)
        u.withUnsafeBufferPointer { src in
            for xi in 0 ..< 16 {
                let p = packedPanels(transB: false, b: src.baseAddress! + xi * c * f, ldb: f, k: c, n: f)
                panels.replaceSubrange(xi * size ..< (xi + 1) * size, with: p)
            }
        }
        return panels
    }

    /// Writes the (pre-epilogue) output of images `images` of the batch at `input`.
    func forwardWinograd(images: Range<Int>, input: UnsafePointer<Float>, panels: UnsafePointer<Float>,
                         output: UnsafeMutablePointer<Float>) {
        let g = geometry, c = g.channels, f = filters
        let tilesDown = (outputHeight + 1) / 2, tilesAcross = (outputWidth + 1) / 2
        let tiles = images.count * tilesDown * tilesAcross
        let panelSize = winogradPanelSize
        let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * tiles * c)   // v[xi][tile][ch]
        let m = UnsafeMutablePointer<Float>.allocate(capacity: 16 * tiles * f)   // m[xi][tile][k]
        defer { v.deallocate(); m.deallocate() }

        // Input tiles: V = B^T d B, eight channels at a time; rows and columns past the image are zero.
        var t = 0
        for img in images {
            let image = input + img * g.height * g.width * c
            for ty in 0 ..< tilesDown {
                for tx in 0 ..< tilesAcross {
                    for ch in Swift.stride(from: 0, to: c, by: 8) {
                        var d = InlineArray<16, SIMD8<Float>>(repeating: SIMD8())
                        for i in 0 ..< 4 {
                            let y = 2 * ty + i
                            if y >= g.height { continue }
                            for j in 0 ..< 4 {
                                let x = 2 * tx + j
                                if x < g.width { d[i * 4 + j] = SIMD8<Float>(loadingFrom: image + (y * g.width + x) * c + ch) }
                            }
                        }
                        var e = InlineArray<16, SIMD8<Float>>(repeating: SIMD8())   // B^T d
                        for j in 0 ..< 4 {
                            let (d0, d1, d2, d3) = (d[j], d[4 + j], d[8 + j], d[12 + j])
                            e[j] = d0 - d2; e[4 + j] = d1 + d2; e[8 + j] = d2 - d1; e[12 + j] = d1 - d3
                        }
                        for i in 0 ..< 4 {
                            let (x0, x1, x2, x3) = (e[i * 4], e[i * 4 + 1], e[i * 4 + 2], e[i * 4 + 3])
                            (x0 - x2).store(to: v + ((i * 4) * tiles + t) * c + ch)
                            (x1 + x2).store(to: v + ((i * 4 + 1) * tiles + t) * c + ch)
                            (x2 - x1).store(to: v + ((i * 4 + 2) * tiles + t) * c + ch)
                            (x1 - x3).store(to: v + ((i * 4 + 3) * tiles + t) * c + ch)
                        }
                    }
                    t += 1
                }
            }
        }
        // The 16 products M = V U.
        for xi in 0 ..< 16 {
            gemm(transA: false, transB: false, m: tiles, n: f, k: c, alpha: 1, a: v + xi * tiles * c, lda: c,
                 b: panels, ldb: f, beta: 0, c: m + xi * tiles * f, ldc: f, threads: 1, packedB: panels + xi * panelSize)
        }
        // Output tiles: Y = A^T M A, the 2x2 block written where it lies inside the output.
        t = 0
        for img in images {
            let out = output + img * outputHeight * outputWidth * f
            for ty in 0 ..< tilesDown {
                for tx in 0 ..< tilesAcross {
                    for k in Swift.stride(from: 0, to: f, by: 8) {
                        var r = InlineArray<8, SIMD8<Float>>(repeating: SIMD8())   // A^T M: 2x4
                        for j in 0 ..< 4 {
                            func row(_ i: Int) -> SIMD8<Float> { SIMD8(loadingFrom: m + ((i * 4 + j) * tiles + t) * f + k) }
                            let (m0, m1, m2, m3) = (row(0), row(1), row(2), row(3))
                            r[j] = m0 + m1 + m2
                            r[4 + j] = m1 - m2 - m3
                        }
                        for i in 0 ..< 2 {
                            let y = 2 * ty + i
                            if y >= outputHeight { continue }
                            let (x0, x1, x2, x3) = (r[i * 4], r[i * 4 + 1], r[i * 4 + 2], r[i * 4 + 3])
                            (x0 + x1 + x2).store(to: out + (y * outputWidth + 2 * tx) * f + k)
                            if 2 * tx + 1 < outputWidth { (x1 - x2 - x3).store(to: out + (y * outputWidth + 2 * tx + 1) * f + k) }
                        }
                    }
                    t += 1
                }
            }
        }
    }
}
