/// Single-precision matrix multiply, packed and cache-blocked, split across `Parallel.threads`.
///
/// `C = alpha * op(A) * op(B) + beta * C`, row-major, where `op(X)` is `X` or its transpose
/// (same contract as ``gemmReference(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``).
///
/// The loops are the classic Goto/BLIS nest: for each `KC`-deep slice of the shared dimension,
/// B is packed into `NR`-wide column panels, then each thread packs an `MC`-row block of A into
/// `MR`-row strips and runs the ``GemmMicroKernel`` over every strip/panel pair. Threads own
/// disjoint row blocks of C, so they never write the same cache line. A thin product (at most
/// `GemmMicroKernel.directColumns` columns, a convolution's output channels) reads A in place
/// instead of packing it.
public func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
         beta: beta, c: c, ldc: ldc, threads: nil)
}

/// ``gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` on `threads` threads (nil: as many
/// as pays; 1: on the calling thread, for callers that already split their work across threads).
/// With `packedB` (from ``packedPanels(transB:b:ldb:k:n:)`` of the same B), B is not packed again.
func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int?, packedB: UnsafePointer<Float>? = nil) {
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 { scaleRows(m: m, n: n, beta: beta, c: c, ldc: ldc); return }
    // With beta == 0 the first slice of k overwrites C: no separate pass to clear it.
    if beta != 0 { scaleRows(m: m, n: n, beta: beta, c: c, ldc: ldc) }
    gemmBlocks(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
               c: c, ldc: ldc, overwrite: beta == 0, threads: threads ?? (m * n * k < 1 << 21 ? 1 : Parallel.threads),
               packedB: packedB)
}

/// All of op(B) (`k x n`) packed as the GEMM packs it slice by slice: for each `KC`-deep slice of
/// k, its `NR`-wide column panels. Layers whose B is their weights keep this between calls.
func packedPanels(transB: Bool, b: UnsafePointer<Float>, ldb: Int, k: Int, n: Int) -> [Float] {
    typealias K = GemmMicroKernel
    let panels = (n + K.nr - 1) / K.nr
    var out = [Float](repeating: 0, count: panels * K.nr * k)
    out.withUnsafeMutableBufferPointer { o in
        var p0 = 0
        while p0 < k {
            let kc = min(K.kc, k - p0)
            for t in 0 ..< panels {
                packB(transB: transB, b: b, ldb: ldb, row0: p0, col0: t * K.nr, kc: kc, n: n,
                      into: o.baseAddress! + p0 * panels * K.nr + t * K.nr * kc)
            }
            p0 += kc
        }
    }
    return out
}

/// `C += alpha * op(A) * op(B)` (`C = ...` with `overwrite`) on `threads` threads (small products,
/// a single image's layers, run on the calling thread: dispatch costs more).
private func gemmBlocks(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                        c: UnsafeMutablePointer<Float>, ldc: Int, overwrite: Bool, threads: Int,
                        packedB prepacked: UnsafePointer<Float>?) {
    typealias K = GemmMicroKernel
    let inPlaceA = n <= K.directColumns
    let panels = (n + K.nr - 1) / K.nr
    let kcMax = min(k, K.kc)
    let packedB = UnsafeMutablePointer<Float>.allocate(capacity: prepacked == nil ? panels * K.nr * kcMax : 0)
    defer { packedB.deallocate() }

    // Work items: row blocks of C, further split by column panels when there are too few rows to
    // keep every thread busy.
    let mcBlock = m >= K.mc * threads ? K.mc : max(K.mr, (m / threads + K.mr - 1) / K.mr * K.mr)
    let rowBlocks = (m + mcBlock - 1) / mcBlock
    let columnSplit = rowBlocks >= threads ? 1 : min(panels, (threads + rowBlocks - 1) / rowBlocks)

    var p0 = 0
    while p0 < k {
        let kc = min(K.kc, k - p0)
        if prepacked == nil {
            Parallel.forChunks(panels, cost: threads == 1 ? 0 : K.nr * kc) { range in
                for t in range {
                    packB(transB: transB, b: b, ldb: ldb, row0: p0, col0: t * K.nr, kc: kc, n: n,
                          into: packedB + t * K.nr * kc)
                }
            }
        }
        let pb = prepacked.map { $0 + p0 * panels * K.nr } ?? UnsafePointer(packedB)
        let items = rowBlocks * columnSplit
        let work: (Int) -> Void = { item in
            let block = item / columnSplit, split = item % columnSplit
            let i0 = block * mcBlock
            let mc = min(mcBlock, m - i0)
            let t0 = panels * split / columnSplit, t1 = panels * (split + 1) / columnSplit
            let strips = (mc + K.mr - 1) / K.mr
            let packedA = UnsafeMutablePointer<Float>.allocate(capacity: strips * K.mr * kc)
            defer { packedA.deallocate() }
            // Strips read in place need no packing; a short last strip is always packed (zero-padded).
            func inPlace(_ s: Int) -> Bool { inPlaceA && i0 + (s + 1) * K.mr <= m }
            for s in 0 ..< strips where !inPlace(s) {
                packA(transA: transA, a: a, lda: lda, row0: i0 + s * K.mr, col0: p0, kc: kc, m: m,
                      into: packedA + s * K.mr * kc)
            }
            for t in t0 ..< t1 {
                let j0 = t * K.nr
                let nr = min(K.nr, n - j0)
                for s in 0 ..< strips {
                    let r0 = i0 + s * K.mr
                    let mr = min(K.mr, m - r0)
                    var strip = K.Strip.packed(packedA + s * K.mr * kc)
                    if inPlace(s) {
                        strip = transA ? .columns(a + p0 * lda + r0, lda: lda) : .rows(a + r0 * lda + p0, lda: lda)
                    }
                    K.run(kc: kc, a: strip, b: pb + t * K.nr * kc,
                          c: c + r0 * ldc + j0, ldc: ldc, alpha: alpha, overwrite: overwrite && p0 == 0,
                          rows: mr, columns: nr)
                }
            }
        }
        if threads == 1 { for item in 0 ..< items { work(item) } } else { Parallel.forEach(items, work) }
        p0 += kc
    }
}

/// `C *= beta` (zero-filling when `beta == 0`, so NaNs in uninitialised memory do not survive).
@inline(__always)
private func scaleRows(m: Int, n: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if beta == 1 { return }
    Parallel.forChunks(m, granule: 64, cost: n) { rows in
        for i in rows {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: n)
            } else {
                for j in 0 ..< n { row[j] *= beta }
            }
        }
    }
}

/// Packs `MR` rows of op(A) starting at (`row0`, `col0`), `kc` columns deep, k-major, zero-padded.
@inline(__always)
private func packA(transA: Bool, a: UnsafePointer<Float>, lda: Int, row0: Int, col0: Int, kc: Int, m: Int,
                   into dst: UnsafeMutablePointer<Float>) {
    let mr = GemmMicroKernel.mr
    let rows = min(mr, m - row0)
    if transA {
        for p in 0 ..< kc {
            let src = a + (col0 + p) * lda + row0
            let out = dst + p * mr
            for r in 0 ..< rows { out[r] = src[r] }
            for r in rows ..< mr { out[r] = 0 }
        }
    } else {
        for r in 0 ..< mr {
            if r < rows {
                let src = a + (row0 + r) * lda + col0
                for p in 0 ..< kc { dst[p * mr + r] = src[p] }
            } else {
                for p in 0 ..< kc { dst[p * mr + r] = 0 }
            }
        }
    }
}

/// Packs an `NR`-wide column panel of op(B) starting at (`row0`, `col0`), `kc` rows deep, zero-padded.
@inline(__always)
func packB(transB: Bool, b: UnsafePointer<Float>, ldb: Int, row0: Int, col0: Int, kc: Int, n: Int,
           into dst: UnsafeMutablePointer<Float>) {
    let nr = GemmMicroKernel.nr
    let cols = min(nr, n - col0)
    if transB {
        for j in 0 ..< nr {
            if j < cols {
                let src = b + (col0 + j) * ldb + row0
                for p in 0 ..< kc { dst[p * nr + j] = src[p] }
            } else {
                for p in 0 ..< kc { dst[p * nr + j] = 0 }
            }
        }
    } else {
        for p in 0 ..< kc {
            let src = b + (row0 + p) * ldb + col0
            let out = dst + p * nr
            for j in 0 ..< cols { out[j] = src[j] }
            for j in cols ..< nr { out[j] = 0 }
        }
    }
}
