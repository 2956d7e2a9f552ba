import XCTest
@testable import ScrawlEngine

final class GemmTests: XCTestCase {
    func testMatchesReferenceOnRandomShapesAndTransposes() {
        var rng = SeededGenerator(seed: 42)
        let shapes = [(1, 1, 1), (7, 5, 3), (6, 16, 256), (13, 31, 257), (97, 33, 300), (128, 10, 64), (5, 200, 17),
                      (131, 47, 401)]   // the last is above the single-thread cut-off: the parallel path
        for (m, n, k) in shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (1, -2)] {
                        let a = (0 ..< m * k).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                        let b = (0 ..< k * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                        let c0 = (0 ..< m * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                        var expected = c0, actual = c0
                        let lda = transA ? m : k, ldb = transB ? k : n
                        gemmReference(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &expected, ldc: n)
                        gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                             a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &actual, ldc: n)
                        for i in 0 ..< m * n {
                            XCTAssertEqual(actual[i], expected[i], accuracy: 1e-4 * Float(k) + 1e-5,
                                           "m=\(m) n=\(n) k=\(k) tA=\(transA) tB=\(transB) at \(i)")
                        }
                    }
                }
            }
        }
    }

    func testBetaZeroClearsNaNs() {
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        var c: [Float] = [.nan]
        gemm(transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1, a: a, lda: 2, b: b, ldb: 1, beta: 0, c: &c, ldc: 1)
        XCTAssertEqual(c, [11])
        // Whole tiles, A read in place and packed, more than one slice of k: C is overwritten, not added to.
        var rng = SeededGenerator(seed: 3)
        for (m, n, k) in [(12, 32, 300), (12, 80, 300), (13, 17, 5)] {
            for transA in [false, true] {
                let a = (0 ..< m * k).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                let b = (0 ..< k * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                var expected = [Float](repeating: 0, count: m * n)
                var actual = [Float](repeating: .nan, count: m * n)
                gemmReference(transA: transA, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: transA ? m : k,
                              b: b, ldb: n, beta: 0, c: &expected, ldc: n)
                gemm(transA: transA, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: transA ? m : k,
                     b: b, ldb: n, beta: 0, c: &actual, ldc: n)
                for i in 0 ..< m * n {
                    XCTAssertEqual(actual[i], expected[i], accuracy: 1e-3, "m=\(m) n=\(n) k=\(k) tA=\(transA) at \(i)")
                }
            }
        }
    }

    func testLongThinProductsMatchReferenceWhateverTheThreadCount() {
        var rng = SeededGenerator(seed: 11)
        // A weight gradient's shape (patch x filters, a batch of pixels deep), both transposes of A.
        for (m, n, k) in [(9, 32, 20_000), (100, 70, 5_000)] {
            for transA in [false, true] {
                let a = (0 ..< m * k).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                let b = (0 ..< k * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                let c0 = (0 ..< m * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
                var expected = c0
                gemmReference(transA: transA, transB: false, m: m, n: n, k: k, alpha: 0.5, a: a, lda: transA ? m : k,
                              b: b, ldb: n, beta: 2, c: &expected, ldc: n)
                var results: [[Float]] = []
                for threads in [1, 2, 3] {
                    var actual = c0
                    Parallel.withThreads(threads) {
                        gemm(transA: transA, transB: false, m: m, n: n, k: k, alpha: 0.5, a: a, lda: transA ? m : k,
                             b: b, ldb: n, beta: 2, c: &actual, ldc: n)
                    }
                    results.append(actual)
                }
                for i in 0 ..< m * n {
                    XCTAssertEqual(results[0][i], expected[i], accuracy: 2e-2, "m=\(m) n=\(n) k=\(k) tA=\(transA) at \(i)")
                }
                XCTAssertEqual(results[0], results[1], "the same sums on 1 and 2 threads")
                XCTAssertEqual(results[0], results[2], "the same sums on 1 and 3 threads")
            }
        }
    }

    func testSingleThreadGivesSameResultAsParallel() {
        var rng = SeededGenerator(seed: 7)
        let m = 300, n = 70, k = 600
        let a = (0 ..< m * k).map { _ in Float.random(in: -1 ... 1, using: &rng) }
        let b = (0 ..< k * n).map { _ in Float.random(in: -1 ... 1, using: &rng) }
        var one = [Float](repeating: 0, count: m * n), many = one
        Parallel.withThreads(1) {
            gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &one, ldc: n)
        }
        Parallel.withThreads(4) {
            gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &many, ldc: n)
        }
        XCTAssertEqual(one, many, "each C element sums in the same order whatever the thread count")
    }
}
