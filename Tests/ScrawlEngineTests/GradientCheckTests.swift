import XCTest
@testable import ScrawlEngine

/// Every layer's backward pass against numerical gradients.
final class GradientCheckTests: XCTestCase {
    func testConv2DValidStride1() throws {
        var rng = SeededGenerator(seed: 1)
        let layer = try TestSupport.layer(.conv2d(filters: 3, kernel: 3, stride: 1, padding: .valid, bias: true), input: [6, 5, 2])
        TestSupport.checkGradients(of: layer, input: TestSupport.random([2, 6, 5, 2], &rng))
    }

    func testConv2DSameStride2OddSize() throws {
        var rng = SeededGenerator(seed: 2)
        let layer = try TestSupport.layer(.conv2d(filters: 4, kernel: 5, stride: 2, padding: .same, bias: true), input: [7, 7, 3])
        TestSupport.checkGradients(of: layer, input: TestSupport.random([2, 7, 7, 3], &rng))
    }

    func testConv2DWhoseWindowHoldsTheWholeImage() throws {
        // One output pixel, its 5x5 window over a 2x2 image: the dense-layer path.
        var rng = SeededGenerator(seed: 11)
        let layer = try TestSupport.layer(.conv2d(filters: 4, kernel: 5, stride: 2, padding: .same, bias: true), input: [2, 2, 3])
        XCTAssertEqual(KernelRules.forward(try XCTUnwrap(layer as? Conv2D), training: true), .wholeImage)
        TestSupport.checkGradients(of: layer, input: TestSupport.random([3, 2, 2, 3], &rng))
    }

    func testConv2DWithoutBias() throws {
        var rng = SeededGenerator(seed: 3)
        let layer = try TestSupport.layer(.conv2d(filters: 2, kernel: 2, stride: 2, padding: .valid, bias: false), input: [5, 5, 1])
        XCTAssertEqual(layer.parameters.count, 1)
        TestSupport.checkGradients(of: layer, input: TestSupport.random([3, 5, 5, 1], &rng))
    }

    func testDense() throws {
        var rng = SeededGenerator(seed: 4)
        let layer = try TestSupport.layer(.dense(units: 7), input: [11])
        TestSupport.checkGradients(of: layer, input: TestSupport.random([5, 11], &rng))
    }

    func testMaxPool() throws {
        var rng = SeededGenerator(seed: 5)
        let layer = try TestSupport.layer(.maxPool2d(size: 2, stride: 2), input: [6, 4, 3])
        // Small eps: the check is only valid while no perturbation changes which value is the max.
        TestSupport.checkGradients(of: layer, input: TestSupport.random([2, 6, 4, 3], &rng), eps: 1e-3)
        // Eight channels at a time plus a remainder, and a last row and column no window covers.
        let wide = try TestSupport.layer(.maxPool2d(size: 2, stride: 2), input: [5, 5, 11])
        TestSupport.checkGradients(of: wide, input: TestSupport.random([2, 5, 5, 11], &rng), eps: 1e-3)
    }

    func testOverlappingMaxPool() throws {
        var rng = SeededGenerator(seed: 15)
        let layer = try TestSupport.layer(.maxPool2d(size: 3, stride: 2), input: [7, 6, 4])
        TestSupport.checkGradients(of: layer, input: TestSupport.random([2, 7, 6, 4], &rng), eps: 1e-3)
    }

    func testReLU() throws {
        var rng = SeededGenerator(seed: 6)
        var x = TestSupport.random([4, 9], &rng)
        for i in 0 ..< x.count where abs(x.data[i]) < 0.05 { x.data[i] = 0.3 }   // keep away from the kink
        TestSupport.checkGradients(of: ReLU(), input: x)
    }

    func testBatchNormOverChannelsOfImages() throws {
        var rng = SeededGenerator(seed: 7)
        let layer = try TestSupport.layer(.batchNorm(momentum: 0.9, epsilon: 1e-3), input: [3, 3, 4])
        let bn = try XCTUnwrap(layer as? BatchNorm)
        for c in 0 ..< 4 { bn.gamma.value[c] = Float(c) * 0.5 + 0.5; bn.beta.value[c] = Float(c) * 0.1 }
        TestSupport.checkGradients(of: layer, input: TestSupport.random([3, 3, 3, 4], &rng, range: -2 ... 2), eps: 1e-2, tolerance: 3e-2)
    }

    /// Activations far from zero (a mean of 1000, a spread of about 1) still normalise to mean 0
    /// and variance 1: the one-pass statistics must not cancel the variance away.
    func testBatchNormStatisticsOfDataFarFromZero() throws {
        let layer = try TestSupport.layer(.batchNorm(momentum: 0, epsilon: 0), input: [2])
        let bn = try XCTUnwrap(layer as? BatchNorm)
        let rows = 3000
        var x = Tensor(shape: [rows, 2])
        for r in 0 ..< rows {
            x.data[2 * r] = 1000 + Float(r % 7) - 3          // mean 1000, variance 4 (cycles of 7)
            x.data[2 * r + 1] = -5 + Float(r % 2) * 0.002      // mean -4.999, variance 1e-6
        }
        let y = bn.forward(x, training: true)
        for c in 0 ..< 2 {
            let column = (0 ..< rows).map { y.data[2 * $0 + c] }
            let mean = column.reduce(0, +) / Float(rows)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(rows)
            XCTAssertEqual(mean, 0, accuracy: 1e-3, "channel \(c)")
            XCTAssertEqual(variance, 1, accuracy: 2e-2, "channel \(c)")
        }
        XCTAssertEqual(bn.runningMean.value[0], 1000, accuracy: 1e-2)
        XCTAssertEqual(bn.runningVariance.value[0], 4 * Float(rows) / Float(rows - 1), accuracy: 1e-2)
        XCTAssertEqual(bn.runningVariance.value[1], 1e-6 * Float(rows) / Float(rows - 1), accuracy: 1e-7)
    }

    func testFlatten() {
        var rng = SeededGenerator(seed: 8)
        TestSupport.checkGradients(of: Flatten(), input: TestSupport.random([2, 3, 2, 2], &rng))
    }

    func testDropoutPassesGradientThroughItsMask() throws {
        var rng = SeededGenerator(seed: 9)
        let layer = try TestSupport.layer(.dropout(rate: 0.5), input: [100])
        let x = TestSupport.random([2, 100], &rng, range: 0.5 ... 1)
        let y = layer.forward(x, training: true)
        let zeros = y.data.filter { $0 == 0 }.count
        XCTAssertTrue((60 ... 140).contains(zeros), "about half dropped, got \(zeros) of 200")
        let dx = layer.backward(Tensor(shape: [2, 100], repeating: 1))
        for i in 0 ..< 200 { XCTAssertEqual(dx.data[i], y.data[i] / x.data[i], accuracy: 1e-5) }
        XCTAssertEqual(layer.forward(x, training: false), x, "inference passes values through")
    }

    /// A loss's gradient with respect to `logits` against central differences of the loss.
    private func assertGradientMatchesDifferences(_ logits: Tensor, _ loss: (Tensor) -> (loss: Float, gradient: Tensor),
                                                  file: StaticString = #filePath, line: UInt = #line) {
        var logits = logits
        let g = loss(logits).gradient
        let eps: Float = 1e-2
        for i in 0 ..< logits.count {
            let saved = logits.data[i]
            logits.data[i] = saved + eps; let plus = loss(logits).loss
            logits.data[i] = saved - eps; let minus = loss(logits).loss
            logits.data[i] = saved
            XCTAssertEqual(g.data[i], (plus - minus) / (2 * eps), accuracy: 2e-3, "logit \(i)", file: file, line: line)
        }
    }

    /// Against target distributions the gradient matches finite differences too, and one-hot
    /// targets give exactly what the labels give.
    func testSoftmaxCrossEntropyGradientTowardsTargets() {
        var rng = SeededGenerator(seed: 12)
        let logits = TestSupport.random([3, 5], &rng, range: -3 ... 3)
        var targets = TestSupport.random([3, 5], &rng, range: 0 ... 1)
        for b in 0 ..< 3 {
            let sum = targets.data[b * 5 ..< (b + 1) * 5].reduce(0, +)
            for j in 0 ..< 5 { targets.data[b * 5 + j] /= sum }
        }
        assertGradientMatchesDifferences(logits) { SoftmaxCrossEntropy.lossAndGradient(logits: $0, targets: targets) }
        let labels = [0, 4, 2]
        var oneHot = Tensor(shape: [3, 5])
        for (b, label) in labels.enumerated() { oneHot.data[b * 5 + label] = 1 }
        let soft = SoftmaxCrossEntropy.lossAndGradient(logits: logits, targets: oneHot)
        let hard = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        XCTAssertEqual(soft.loss, hard.loss, accuracy: 1e-6)
        TestSupport.assertClose(soft.gradient.data, hard.gradient.data, relative: 1e-6)
    }

    func testSoftmaxCrossEntropyGradient() {
        var rng = SeededGenerator(seed: 10)
        let logits = TestSupport.random([3, 5], &rng, range: -3 ... 3)
        assertGradientMatchesDifferences(logits) { SoftmaxCrossEntropy.lossAndGradient(logits: $0, labels: [0, 4, 2]) }
    }

    func testWholeNetworkGradient() throws {
        // conv -> BN -> ReLU -> pool -> dense, checked end to end through the loss. Central differences
        // are only meaningful where no ReLU input or max-pool choice sits within eps of a switch; this seed
        // has none (with seed 11 one weight of 27 straddles a kink and its difference quotient moves with eps).
        let specs: [LayerSpec] = [.conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, bias: false),
                                  .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .maxPool2d(size: 2, stride: 2),
                                  .flatten, .dense(units: 4)]
        try checkNetworkGradient(specs, seed: 13)
    }

    func testWholeNetworkGradientThroughFusedReLUs() throws {
        // conv -> ReLU -> pool: the convolution rectifies in its epilogue and the pool masks the
        // ReLU's gradient; the result must be the same gradient.
        let specs: [LayerSpec] = [.conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, bias: true), .relu,
                                  .maxPool2d(size: 2, stride: 2), .flatten, .dense(units: 4)]
        let model = try checkNetworkGradient(specs, seed: 13)
        let stages = model.trainingPlan.stages
        guard case .convolution(_, let step) = stages[0].work, case .maxPool(_, let afterReLU) = stages[1].work else {
            return XCTFail("expected a convolution then a pool, got \(model.trainingPlan.describe())")
        }
        XCTAssertEqual(stages[0].layers, 0 ..< 2)
        XCTAssertTrue(step.epilogue.relu, "the ReLU is fused into the convolution")
        XCTAssertNil(step.mask, "its mask is left to the pool")
        XCTAssertTrue(afterReLU, "which zeroes the gradient of zero outputs")
    }

    @discardableResult
    func checkNetworkGradient(_ specs: [LayerSpec], seed: UInt64) throws -> Sequential {
        let model = try Sequential(inputShape: [6, 6, 1], specs: specs, seed: seed)
        var rng = SeededGenerator(seed: 12)
        let x = TestSupport.random([4, 6, 6, 1], &rng)
        let labels = [0, 1, 2, 3]
        func loss() -> Float {
            SoftmaxCrossEntropy.lossAndGradient(logits: model.forward(x, training: true), labels: labels).loss
        }
        let (_, g) = SoftmaxCrossEntropy.lossAndGradient(logits: model.forward(x, training: true), labels: labels)
        model.backward(g)
        let conv = try XCTUnwrap(model.layers[0] as? Conv2D)
        let analytic = conv.weight.gradient
        for i in 0 ..< conv.weight.value.count {
            let saved = conv.weight.value[i]
            conv.weight.value[i] = saved + 1e-3; let plus = loss()
            conv.weight.value[i] = saved - 1e-3; let minus = loss()
            conv.weight.value[i] = saved
            XCTAssertEqual(analytic[i], (plus - minus) / 2e-3, accuracy: 5e-3, "conv weight \(i)")
        }
        return model
    }
}
