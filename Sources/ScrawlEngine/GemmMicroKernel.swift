/// The register-blocked inner kernel of ``gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
///
/// Computes an `MR x NR` (6 x 16) tile of `C += alpha * A * B` from a packed A strip (k-major, 6
/// values per step) and a packed B panel (16 values per step), holding the tile in twelve
/// `SIMD8<Float>` accumulators. With AVX2 these are twelve ymm registers; a build with
/// `-DSCRAWL_FMA` (see `meson-helper.sh build --native`) fuses each multiply-add.
enum GemmMicroKernel {
    static let mr = 6
    static let nr = 16
    /// Depth of one packed slice: A strip (6 x 256) and B panel (256 x 16) stay in L1/L2.
    static let kc = 256
    /// Rows of A one thread packs at a time.
    static let mc = 96

    @inline(__always)
    static func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                    ldc: Int, alpha: Float, rows: Int, columns: Int) {
        if rows == mr && columns == nr {
            tile(kc: kc, a: a, b: b, c: c, ldc: ldc, alpha: alpha)
            return
        }
        // Edge tile: compute into a scratch tile, then add the valid part.
        var scratch = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
        withUnsafeMutableBytes(of: &scratch) { raw in
            let t = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            tile(kc: kc, a: a, b: b, c: t, ldc: nr, alpha: alpha)
            for i in 0 ..< rows {
                for j in 0 ..< columns { c[i * ldc + j] += t[i * nr + j] }
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func madd(_ acc: inout SIMD8<Float>, _ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        #if SCRAWL_FMA
        acc.addProduct(x, y)
        #else
        acc += x * y
        #endif
    }

    @inline(__always)
    static func update(_ c: UnsafeMutablePointer<Float>, _ lo: SIMD8<Float>, _ hi: SIMD8<Float>, _ alpha: Float) {
        let raw = UnsafeMutableRawPointer(c)
        let oldLo = raw.loadUnaligned(as: SIMD8<Float>.self)
        let oldHi = raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        raw.storeBytes(of: oldLo + alpha * lo, as: SIMD8<Float>.self)
        raw.storeBytes(of: oldHi + alpha * hi, toByteOffset: 32, as: SIMD8<Float>.self)
    }

    @inline(never)
    static func tile(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                     ldc: Int, alpha: Float) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var ap = a, bp = b
        for _ in 0 ..< kc {
            let b0 = load(bp), b1 = load(bp + 8)
            var x = SIMD8<Float>(repeating: ap[0]); madd(&c00, x, b0); madd(&c01, x, b1)
            x = SIMD8<Float>(repeating: ap[1]); madd(&c10, x, b0); madd(&c11, x, b1)
            x = SIMD8<Float>(repeating: ap[2]); madd(&c20, x, b0); madd(&c21, x, b1)
            x = SIMD8<Float>(repeating: ap[3]); madd(&c30, x, b0); madd(&c31, x, b1)
            x = SIMD8<Float>(repeating: ap[4]); madd(&c40, x, b0); madd(&c41, x, b1)
            x = SIMD8<Float>(repeating: ap[5]); madd(&c50, x, b0); madd(&c51, x, b1)
            ap += mr; bp += nr
        }
        update(c, c00, c01, alpha)
        update(c + ldc, c10, c11, alpha)
        update(c + 2 * ldc, c20, c21, alpha)
        update(c + 3 * ldc, c30, c31, alpha)
        update(c + 4 * ldc, c40, c41, alpha)
        update(c + 5 * ldc, c50, c51, alpha)
    }
}
