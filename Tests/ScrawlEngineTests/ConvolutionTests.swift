import XCTest
@testable import ScrawlEngine

/// The im2col convolution against a direct, naive convolution, and unfold/fold as adjoints.
final class ConvolutionTests: XCTestCase {
    /// Direct convolution: for every output pixel and filter, sum over the window.
    func naiveConvolution(_ x: Tensor, weight: [Float], bias: [Float], filters: Int, geometry g: Im2Col) -> Tensor {
        let n = x.batch
        var y = Tensor(shape: [n, g.outputHeight, g.outputWidth, filters])
        for b in 0 ..< n {
            for oy in 0 ..< g.outputHeight {
                for ox in 0 ..< g.outputWidth {
                    for f in 0 ..< filters {
                        var sum = bias[f]
                        for ky in 0 ..< g.kernel {
                            for kx in 0 ..< g.kernel {
                                let iy = oy * g.stride - g.padTop + ky, ix = ox * g.stride - g.padLeft + kx
                                guard iy >= 0, ix >= 0, iy < g.height, ix < g.width else { continue }
                                for c in 0 ..< g.channels {
                                    let xv = x.data[((b * g.height + iy) * g.width + ix) * g.channels + c]
                                    sum += xv * weight[((ky * g.kernel + kx) * g.channels + c) * filters + f]
                                }
                            }
                        }
                        y.data[((b * g.outputHeight + oy) * g.outputWidth + ox) * filters + f] = sum
                    }
                }
            }
        }
        return y
    }

    /// dW = patches^T * dy over the whole batch, by the reference GEMM.
    func referenceWeightGradient(_ x: Tensor, _ dy: Tensor, geometry g: Im2Col, filters: Int) -> [Float] {
        let rows = dy.count / filters
        var patches = [Float](repeating: 0, count: rows * g.patchSize)
        g.unfold(images: 0 ..< x.batch, input: x.data, into: &patches)
        var dw = [Float](repeating: 0, count: g.patchSize * filters)
        gemmReference(transA: true, transB: false, m: g.patchSize, n: filters, k: rows, alpha: 1, a: patches, lda: g.patchSize,
                      b: dy.data, ldb: filters, beta: 0, c: &dw, ldc: filters)
        return dw
    }

    func testLargeBatchInPartsAndGroupsMatchesNaiveConvolutionWhateverTheThreadCount() throws {
        // 100 images: 8 parts run in parallel, each cut into two groups (10 images of patches each).
        var rng = SeededGenerator(seed: 23)
        let spec = LayerSpec.conv2d(filters: 32, kernel: 3, stride: 1, padding: .valid, bias: true)
        let conv = try XCTUnwrap(try TestSupport.layer(spec, input: [28, 28, 1]) as? Conv2D)
        for j in 0 ..< 32 { conv.bias!.value[j] = Float(j) * 0.01 }
        let x = TestSupport.random([100, 28, 28, 1], &rng)
        let dy = TestSupport.random([100, 26, 26, 32], &rng)
        let expected = naiveConvolution(x, weight: conv.weight.value, bias: conv.bias!.value, filters: 32, geometry: conv.geometry)
        let expectedDW = referenceWeightGradient(x, dy, geometry: conv.geometry, filters: 32)
        var gradients: [[Float]] = [], inputGradients: [[Float]] = []
        for threads in [1, 2, 3] {
            let (y, dx) = Parallel.withThreads(threads) { (conv.forward(x, training: true), conv.backward(dy)) }
            for i in stride(from: 0, to: y.count, by: 7) {
                XCTAssertEqual(y.data[i], expected.data[i], accuracy: 1e-4, "\(threads) threads, output \(i)")
            }
            gradients.append(conv.weight.gradient)
            inputGradients.append(dx.data)
        }
        TestSupport.assertClose(gradients[0], expectedDW, relative: 1e-2, "dW")
        XCTAssertEqual(gradients[0], gradients[1], "the weight gradient does not depend on the thread count")
        XCTAssertEqual(gradients[0], gradients[2])
        XCTAssertEqual(inputGradients[0], inputGradients[2], "nor does the input gradient")
    }

    func testMatchesNaiveConvolutionOnAssortedShapes() throws {
        var rng = SeededGenerator(seed: 21)
        let cases: [(h: Int, w: Int, c: Int, f: Int, k: Int, s: Int, p: Padding)] = [
            (28, 28, 1, 32, 3, 1, .valid), (12, 12, 32, 32, 5, 2, .same), (13, 11, 3, 5, 5, 2, .same),
            (9, 7, 2, 3, 3, 3, .valid), (5, 5, 4, 7, 1, 1, .same), (4, 4, 64, 64, 5, 2, .same),
            // Read in place from the image: rows of 11 (a last strip moved back), 40 filters (a short
            // panel), stride 2 without padding, padding on one side only.
            (13, 13, 32, 40, 3, 1, .valid), (15, 15, 16, 16, 3, 2, .valid), (13, 14, 16, 8, 4, 2, .same),
            // Winograd F(2x2, 3x3) in inference: an odd number of output rows, an even number of columns.
            (9, 10, 8, 24, 3, 1, .valid),
            // One output pixel whose window holds the whole image: multiplied as a dense layer.
            (2, 2, 64, 64, 5, 2, .same), (1, 1, 8, 16, 3, 1, .same), (2, 3, 4, 8, 5, 3, .same),
        ]
        for t in cases {
            let spec = LayerSpec.conv2d(filters: t.f, kernel: t.k, stride: t.s, padding: t.p, bias: true)
            let conv = try XCTUnwrap(try TestSupport.layer(spec, input: [t.h, t.w, t.c]) as? Conv2D)
            for j in 0 ..< t.f { conv.bias!.value[j] = Float(j) * 0.01 }
            XCTAssertEqual(KernelRules.fitsWinograd(conv), t.k == 3 && t.s == 1 && t.p == .valid && t.c % 8 == 0 && t.f % 8 == 0, "\(t)")
            let x = TestSupport.random([3, t.h, t.w, t.c], &rng)
            let expected = naiveConvolution(x, weight: conv.weight.value, bias: conv.bias!.value, filters: t.f, geometry: conv.geometry)
            // Every kernel whose geometry fits the layer, not only the one the rules pick.
            var kernels: [KernelRules.Forward] = [.patchMatrix]
            if KernelRules.fitsInPlace(conv) { kernels.append(.inPlace) }
            if KernelRules.fitsWinograd(conv) { kernels.append(.winograd) }
            if KernelRules.coversWholeImage(conv) { kernels.append(.wholeImage) }
            XCTAssertTrue(kernels.contains(KernelRules.forward(conv, training: false)), "\(t)")
            for kernel in kernels {
                let actual = conv.forward(x, kernel: kernel, epilogue: .init(), keepInput: false)
                XCTAssertEqual(actual.shape, expected.shape)
                for i in 0 ..< actual.count {
                    XCTAssertEqual(actual.data[i], expected.data[i], accuracy: 1e-4, "\(t) \(kernel) at \(i)")
                }
            }
        }
    }

    func testWeightGradientReadFromTheImageMatchesTheReference() throws {
        // A 3x3 layer over 32 channels: its weight gradient reads the patches from the image.
        var rng = SeededGenerator(seed: 26)
        let spec = LayerSpec.conv2d(filters: 24, kernel: 3, stride: 1, padding: .valid, bias: true)
        let conv = try XCTUnwrap(try TestSupport.layer(spec, input: [13, 12, 32]) as? Conv2D)
        XCTAssertEqual(KernelRules.weightGradient(conv), .inPlace)
        let x = TestSupport.random([20, 13, 12, 32], &rng)
        let dy = TestSupport.random([20, 11, 10, 24], &rng)
        let expected = referenceWeightGradient(x, dy, geometry: conv.geometry, filters: 24)
        var gradients: [[Float]] = []
        for threads in [1, 3] {
            Parallel.withThreads(threads) {
                _ = conv.forward(x, training: true)
                _ = conv.backward(dy)
            }
            gradients.append(conv.weight.gradient)
        }
        TestSupport.assertClose(gradients[0], expected, relative: 1e-3, "dW")
        XCTAssertEqual(gradients[0], gradients[1], "the same sums on 1 and 3 threads")
        _ = conv.backward(dy, kernel: .patchMatrix, inputGradient: false)
        TestSupport.assertClose(conv.weight.gradient, expected, relative: 1e-3, "dW through the patch matrix")
    }

    func testSmallWindowWeightGradientsMatchTheReference() throws {
        // The first layer's nine-value window (accumulators in registers) and a twelve-value one
        // (2x2 over 3 channels, stride 2: the general loop).
        var rng = SeededGenerator(seed: 27)
        for (input, kernel, stride) in [([17, 15, 1], 3, 1), ([11, 9, 3], 2, 2)] {
            let spec = LayerSpec.conv2d(filters: 16, kernel: kernel, stride: stride, padding: .valid, bias: true)
            let conv = try XCTUnwrap(try TestSupport.layer(spec, input: input) as? Conv2D)
            XCTAssertEqual(KernelRules.weightGradient(conv), .smallWindow)
            let x = TestSupport.random([5] + input, &rng)
            let dy = TestSupport.random([5, conv.outputHeight, conv.outputWidth, 16], &rng)
            let expected = referenceWeightGradient(x, dy, geometry: conv.geometry, filters: 16)
            _ = conv.forward(x, training: true)
            conv.backwardParametersOnly(dy)
            TestSupport.assertClose(conv.weight.gradient, expected, relative: 1e-4, "\(input) dW")
            // The bias gradient comes out of the same pass: the sum of dy per filter.
            for j in 0 ..< 16 {
                let sum = Swift.stride(from: j, to: dy.count, by: 16).reduce(Float(0)) { $0 + dy.data[$1] }
                XCTAssertEqual(conv.bias!.gradient[j], sum, accuracy: 1e-3 * max(1, abs(sum)), "\(input) db \(j)")
            }
        }
    }

    func testWinogradOnAManyGroupBatchMatchesNaiveConvolutionInInferenceAndTraining() throws {
        // 40 images of 13x13x32: several groups of images per part, every tile transformed in and out.
        var rng = SeededGenerator(seed: 25)
        let spec = LayerSpec.conv2d(filters: 32, kernel: 3, stride: 1, padding: .valid, bias: true)
        let conv = try XCTUnwrap(try TestSupport.layer(spec, input: [13, 13, 32]) as? Conv2D)
        XCTAssertEqual(KernelRules.forward(conv, training: true), .winograd)
        for j in 0 ..< 32 { conv.bias!.value[j] = Float(j) * 0.01 }
        let x = TestSupport.random([40, 13, 13, 32], &rng)
        let expected = naiveConvolution(x, weight: conv.weight.value, bias: conv.bias!.value, filters: 32, geometry: conv.geometry)
        for training in [false, true] {   // training takes the same path for layers this size
            let actual = conv.forward(x, training: training)
            for i in stride(from: 0, to: actual.count, by: 5) {
                XCTAssertEqual(actual.data[i], expected.data[i], accuracy: 1e-4, "training \(training), at \(i)")
            }
        }
        // ...and backward works from the input the training pass kept.
        let dy = TestSupport.random([40, 11, 11, 32], &rng)
        let expectedDW = referenceWeightGradient(x, dy, geometry: conv.geometry, filters: 32)
        _ = conv.backward(dy)
        TestSupport.assertClose(conv.weight.gradient, expectedDW, relative: 1e-3, "dW")
    }

    func testChangedWeightsAreRepackedBeforeTheNextForwardPass() throws {
        var rng = SeededGenerator(seed: 24)
        let spec = LayerSpec.conv2d(filters: 16, kernel: 3, stride: 1, padding: .valid, bias: true)
        let conv = try XCTUnwrap(try TestSupport.layer(spec, input: [10, 10, 16]) as? Conv2D)
        XCTAssertEqual(KernelRules.forward(conv, training: false), .winograd)
        let x = TestSupport.random([1, 10, 10, 16], &rng)
        _ = conv.forward(x, training: false)   // packs the weights
        for i in stride(from: 0, to: conv.weight.value.count, by: 3) { conv.weight.value[i] *= -2 }
        let expected = naiveConvolution(x, weight: conv.weight.value, bias: conv.bias!.value, filters: 16, geometry: conv.geometry)
        let actual = conv.forward(x, training: false)
        for i in 0 ..< actual.count { XCTAssertEqual(actual.data[i], expected.data[i], accuracy: 1e-4, "at \(i)") }
    }

    func testSamePaddingFollowsTensorFlow() {
        let g = Im2Col(height: 12, width: 12, channels: 1, kernel: 5, stride: 2, padding: .same)
        XCTAssertEqual(g.outputHeight, 6)
        XCTAssertEqual(g.padTop, 1, "3 padding rows in all: 1 before, 2 after")
    }

    func testFoldIsTheAdjointOfUnfold() {
        var rng = SeededGenerator(seed: 22)
        let g = Im2Col(height: 7, width: 6, channels: 2, kernel: 3, stride: 2, padding: .same)
        let x = TestSupport.random([2, 7, 6, 2], &rng)
        let rows = 2 * g.outputHeight * g.outputWidth
        let c = TestSupport.random([rows, g.patchSize], &rng)
        var unfolded = [Float](repeating: 0, count: rows * g.patchSize)
        var folded = [Float](repeating: 0, count: x.count)
        g.unfold(images: 0 ..< 2, input: x.data, into: &unfolded)
        g.fold(images: 0 ..< 2, columns: c.data, into: &folded)
        let lhs = zip(unfolded, c.data).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let rhs = zip(x.data, folded).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        XCTAssertEqual(lhs, rhs, accuracy: 1e-3)
    }
}
