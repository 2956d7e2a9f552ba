/// The naive matrix multiply every optimized GEMM is tested against.
///
/// `C = alpha * op(A) * op(B) + beta * C`, row-major, where `op(X)` is `X` or its transpose.
/// `A` is `M x K` after `op`, `B` is `K x N`, `C` is `M x N`; `lda`, `ldb`, `ldc` are row strides
/// of the matrices as stored.
func gemmReference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    for i in 0 ..< m {
        for j in 0 ..< n {
            var sum: Float = 0
            for p in 0 ..< k {
                let av = transA ? a[p * lda + i] : a[i * lda + p]
                let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                sum += av * bv
            }
            let old = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * sum + old
        }
    }
}
