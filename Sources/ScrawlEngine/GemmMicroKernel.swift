/// The register-blocked inner kernel of ``gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
///
/// Computes an `MR x NR` (6 x 16) tile of `C += alpha * A * B` (or, with `overwrite`, `C = alpha * A * B`)
/// from an A strip (six rows, packed k-major or read in place) and a packed B panel (16 values per
/// step), holding the tile in twelve
/// `SIMD8<Float>` accumulators. With AVX2 these are twelve ymm registers; a build with
/// `-DSCRAWL_FMA` (see `meson-helper.sh build --native`) fuses each multiply-add.
enum GemmMicroKernel {
    static let mr = 6
    static let nr = 16
    /// Depth of one packed slice: A strip (6 x 256) and B panel (256 x 16) stay in L1/L2.
    static let kc = 256
    /// Rows of A one thread packs at a time.
    static let mc = 96
    /// Up to this many columns of C, A is read in place rather than packed: each strip serves only
    /// a few B panels (a convolution's output channels), so packing it would cost a third of the
    /// multiply.
    static let directColumns = 64

    /// Where the six rows of one A strip are, `kc` steps deep.
    enum Strip {
        /// Packed by the driver: row `r` of step `p` at `a[p * mr + r]`.
        case packed(UnsafePointer<Float>)
        /// Read in place from a row-major A: `a[r * lda + p]`.
        case rows(UnsafePointer<Float>, lda: Int)
        /// Read in place from a transposed A (stored k x m): `a[p * lda + r]`.
        case columns(UnsafePointer<Float>, lda: Int)
        /// Six output pixels' windows read in place from an image: `segments` runs of `kc` steps
        /// (one per kernel row), run `s` at `a + s * pitch`, row `r` of step `p` at `a[s * pitch + r * lda + p]`;
        /// the B panel holds all `segments * kc` steps.
        case image(UnsafePointer<Float>, lda: Int, segments: Int, pitch: Int)
        /// Six consecutive window values read in place from an image across output pixels (a weight
        /// gradient's A = patches^T): `segments` runs (output rows) of `kc` steps (pixels), row `r` of
        /// step `p` of run `s` at `a[s * pitch + p * step + r]`.
        case imageColumns(UnsafePointer<Float>, step: Int, segments: Int, pitch: Int)
    }

    /// `C[rows x columns] += alpha * A * B` for one A strip and one B panel.
    @inline(__always)
    static func run(kc: Int, a: Strip, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                    ldc: Int, alpha: Float, overwrite: Bool, rows: Int, columns: Int) {
        func tile(_ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
            switch a {
            case .packed(let a): Self.tile(kc: kc, a: a, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
            case .rows(let a, let lda): Self.tile(kc: kc, rows: a, lda: lda, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
            case .columns(let a, let lda): Self.tile(kc: kc, columns: a, lda: lda, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
            case .image(let a, let lda, let segments, let pitch):
                Self.tile(kc: kc, image: a, lda: lda, segments: segments, pitch: pitch, b: b, c: c, ldc: ldc, alpha: alpha,
                          overwrite: overwrite)
            case .imageColumns(let a, let step, let segments, let pitch):
                Self.tile(kc: kc, imageColumns: a, step: step, segments: segments, pitch: pitch, b: b, c: c, ldc: ldc,
                          alpha: alpha, overwrite: overwrite)
            }
        }
        if rows == mr && columns == nr {
            tile(c, ldc)
            return
        }
        // Edge tile: compute into a scratch tile, then add the valid part.
        var scratch = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
        withUnsafeMutableBytes(of: &scratch) { raw in
            let t = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            tile(t, nr)
            for i in 0 ..< rows {
                for j in 0 ..< columns { c[i * ldc + j] = (overwrite ? 0 : c[i * ldc + j]) + t[i * nr + j] }
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { SIMD8(loadingFrom: p) }

    @inline(__always)
    static func madd(_ acc: inout SIMD8<Float>, _ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        #if SCRAWL_FMA
        acc.addProduct(x, y)
        #else
        acc += x * y
        #endif
    }

    @inline(__always)
    static func update(_ c: UnsafeMutablePointer<Float>, _ lo: SIMD8<Float>, _ hi: SIMD8<Float>, _ alpha: Float,
                       _ overwrite: Bool) {
        let raw = UnsafeMutableRawPointer(c)
        if overwrite {
            raw.storeBytes(of: alpha * lo, as: SIMD8<Float>.self)
            raw.storeBytes(of: alpha * hi, toByteOffset: 32, as: SIMD8<Float>.self)
            return
        }
        let oldLo = raw.loadUnaligned(as: SIMD8<Float>.self)
        let oldHi = raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        raw.storeBytes(of: oldLo + alpha * lo, as: SIMD8<Float>.self)
        raw.storeBytes(of: oldHi + alpha * hi, toByteOffset: 32, as: SIMD8<Float>.self)
    }

    /// The tile over a packed A strip.
    @inline(never)
    static func tile(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                     ldc: Int, alpha: Float, overwrite: Bool) {
        tileBody(kc: kc, a: a, rowStride: 1, step: mr, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
    }

    /// The tile over six rows of a row-major A read in place.
    @inline(never)
    static func tile(kc: Int, rows a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, overwrite: Bool) {
        tileBody(kc: kc, a: a, rowStride: lda, step: 1, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
    }

    /// The tile over six columns of a transposed A read in place.
    @inline(never)
    static func tile(kc: Int, columns a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, overwrite: Bool) {
        tileBody(kc: kc, a: a, rowStride: 1, step: lda, b: b, c: c, ldc: ldc, alpha: alpha, overwrite: overwrite)
    }

    /// The tile over six output pixels' windows read in place from an image, kernel row by kernel row.
    @inline(never)
    static func tile(kc: Int, image a: UnsafePointer<Float>, lda: Int, segments: Int, pitch: Int, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, overwrite: Bool) {
        tileBody(kc: kc, a: a, rowStride: lda, step: 1, segments: segments, pitch: pitch, b: b, c: c, ldc: ldc,
                 alpha: alpha, overwrite: overwrite)
    }

    /// The tile over six consecutive window values read in place from an image, pixel by pixel.
    @inline(never)
    static func tile(kc: Int, imageColumns a: UnsafePointer<Float>, step: Int, segments: Int, pitch: Int,
                     b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, overwrite: Bool) {
        tileBody(kc: kc, a: a, rowStride: 1, step: step, segments: segments, pitch: pitch, b: b, c: c, ldc: ldc,
                 alpha: alpha, overwrite: overwrite)
    }

    /// The accumulation itself: `segments` runs of `kc` steps (the run `s` of A starting at
    /// `a + s * pitch`, B continuing where the previous run ended), then one update of C.
    @inline(__always)
    static func tileBody(kc: Int, a: UnsafePointer<Float>, rowStride rs: Int, step: Int, segments: Int = 1, pitch: Int = 0,
                         b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, overwrite: Bool) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var bp = b
        for s in 0 ..< segments {
            var ap = a + s * pitch
            for _ in 0 ..< kc {
                let b0 = load(bp), b1 = load(bp + 8)
                var x = SIMD8<Float>(repeating: ap[0]); madd(&c00, x, b0); madd(&c01, x, b1)
                x = SIMD8<Float>(repeating: ap[rs]); madd(&c10, x, b0); madd(&c11, x, b1)
                x = SIMD8<Float>(repeating: ap[2 * rs]); madd(&c20, x, b0); madd(&c21, x, b1)
                x = SIMD8<Float>(repeating: ap[3 * rs]); madd(&c30, x, b0); madd(&c31, x, b1)
                x = SIMD8<Float>(repeating: ap[4 * rs]); madd(&c40, x, b0); madd(&c41, x, b1)
                x = SIMD8<Float>(repeating: ap[5 * rs]); madd(&c50, x, b0); madd(&c51, x, b1)
                ap += step; bp += nr
            }
        }
        update(c, c00, c01, alpha, overwrite)
        update(c + ldc, c10, c11, alpha, overwrite)
        update(c + 2 * ldc, c20, c21, alpha, overwrite)
        update(c + 3 * ldc, c30, c31, alpha, overwrite)
        update(c + 4 * ldc, c40, c41, alpha, overwrite)
        update(c + 5 * ldc, c50, c51, alpha, overwrite)
    }
}
