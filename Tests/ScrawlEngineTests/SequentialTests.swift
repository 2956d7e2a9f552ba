import XCTest
import ScrawlCLI
@testable import ScrawlEngine

final class SequentialTests: XCTestCase {
    /// A few Adam steps on random data, so BatchNorm statistics are not the identity.
    func trained(_ specs: [LayerSpec], steps: Int = 2, seed: UInt64 = 1) throws -> (Sequential, Tensor) {
        let model = try Sequential(inputShape: [28, 28, 1], specs: specs, seed: seed)
        var rng = SeededGenerator(seed: 99)
        let x = TestSupport.random([6, 28, 28, 1], &rng, range: 0 ... 1)
        let labels = (0 ..< 6).map { $0 % 10 }
        let adam = Adam(learningRate: 1e-2)
        for _ in 0 ..< steps { _ = model.trainStep(x, labels: labels, optimizer: adam) }
        return (model, x)
    }

    func testInferencePlanFoldsBatchNormAndMatchesPlainInference() throws {
        for specs in [Architectures.scrawlNet, Architectures.peerCNN] {
            let (model, x) = try trained(specs)
            let plan = model.inferencePlan()
            let alone = plan.stages.compactMap { stage -> Layer? in
                if case .layer(let layer) = stage.work { return layer } else { return nil }
            }
            XCTAssertFalse(alone.contains { $0 is BatchNorm }, "every BatchNorm folded: \(plan.describe())")
            XCTAssertEqual(alone.filter { $0 is ReLU }.count, specs == Architectures.scrawlNet ? 1 : 0,
                           "every ReLU after a convolution runs in its epilogue")
            XCTAssertEqual(plan.stages.map(\.layers.count).reduce(0, +), specs.count, "every layer in one stage")
            let expected = model.forward(x, training: false), actual = plan.forward(x)
            TestSupport.assertClose(actual.data, expected.data, relative: 1e-3)
        }
    }

    func testALargeBatchInChunksGivesEachImageItsOwnAnswer() throws {
        // 150 images: chunks of 32 run through every stage on parallel threads (a short last chunk).
        let (model, _) = try trained(Architectures.peerCNN)
        var rng = SeededGenerator(seed: 31)
        let x = TestSupport.random([150, 28, 28, 1], &rng, range: 0 ... 1)
        let plan = model.inferencePlan()
        let batch = Parallel.withThreads(3) { plan.forward(x) }
        XCTAssertEqual(batch.shape, [150, 10])
        for i in [0, 31, 32, 100, 149] {
            let alone = plan.forward(x.batchSlice(i ..< i + 1))
            for j in 0 ..< 10 {
                XCTAssertEqual(batch.data[i * 10 + j], alone.data[j], accuracy: 1e-5 * max(1, abs(alone.data[j])), "image \(i)")
            }
        }
    }

    func testTrainingOnOneThreadGivesTheSameModelAsOnSeveral() throws {
        let (one, x) = try Parallel.withThreads(1) { try trained(Architectures.peerCNN, steps: 2) }
        let (many, _) = try Parallel.withThreads(3) { try trained(Architectures.peerCNN, steps: 2) }
        let a = one.forward(x, training: false), b = many.forward(x, training: false)
        TestSupport.assertClose(b.data, a.data, relative: 1e-4)
    }

    /// Every parameter's gradient after a training plan's forward and backward passes, and
    /// after every layer's own, unfused, on an identical copy (same weights, same dropout draws).
    func planAndLayerGradients(_ specs: [LayerSpec], frozen: Int = 0, seed: UInt64)
        throws -> (plan: Sequential, planLogits: Tensor, layerLogits: Tensor, pairs: [(plan: [Float], layers: [Float], name: String)]) {
        let planned = try Sequential(inputShape: [28, 28, 1], specs: specs, seed: seed)
        let plain = try Sequential(inputShape: [28, 28, 1], specs: specs, seed: seed)
        planned.frozenLayers = frozen
        var rng = SeededGenerator(seed: seed + 100)
        let x = TestSupport.random([20, 28, 28, 1], &rng, range: 0 ... 1)
        let labels = (0 ..< 20).map { $0 % 10 }
        let a = planned.forward(x, training: true)
        var b = x
        for layer in plain.layers { b = layer.forward(b, training: true) }
        planned.backward(SoftmaxCrossEntropy.lossAndGradient(logits: a, labels: labels).gradient)
        var g = SoftmaxCrossEntropy.lossAndGradient(logits: b, labels: labels).gradient
        for layer in plain.layers.reversed() { g = layer.backward(g) }
        let pairs = zip(planned.parameters, plain.parameters).map { ($0.gradient, $1.gradient, $0.name) }
        return (planned, a, b, pairs)
    }

    func testTrainingPlanMatchesEveryLayerOnItsOwn() throws {
        // The peer CNN fuses most: its first convolution, ReLU and pool run image by image, and its
        // other ReLUs in their convolutions' epilogues; the shipped network fuses nothing in training.
        for specs in [Architectures.peerCNN, Architectures.scrawlNet] {
            let (model, a, b, pairs) = try planAndLayerGradients(specs, seed: 6)
            if specs == Architectures.peerCNN {
                guard case .convolutionIntoPool = model.trainingPlan.stages[0].work else {
                    return XCTFail("the peer CNN starts image by image: \(model.trainingPlan.describe())")
                }
            }
            XCTAssertEqual(a.shape, b.shape)
            TestSupport.assertClose(a.data, b.data, relative: 1e-5, "logit")
            for (fused, plain, name) in pairs {
                XCTAssertTrue(plain.contains { $0 != 0 }, "\(name): a gradient to compare")
                TestSupport.assertClose(fused, plain, relative: 1e-4, name)
            }
        }
    }

    func testFrozenLayersKeepTheirWeightsAndTheRestLearnAsInTheWholeNetwork() throws {
        // The peer CNN's first convolution, ReLU and pool frozen (no BatchNorm among them, so the
        // layers above see the same activations as when everything learns).
        let (model, _, _, pairs) = try planAndLayerGradients(Architectures.peerCNN, frozen: 3, seed: 7)
        let plan = model.trainingPlan
        XCTAssertEqual(plan.stages.filter { !$0.learns }.flatMap(\.layers), [0, 1, 2], "\(plan.describe())")
        let lowest = try XCTUnwrap(plan.stages.first { $0.learns })
        XCTAssertEqual(lowest.layers.lowerBound, 3)
        XCTAssertEqual(lowest.backward, .parametersOnly, "no input gradient below the lowest layer that learns")
        let frozen = Set(model.layers[0].parameters.map(\.name))
        XCTAssertEqual(Set(plan.trainableParameters.map(\.name)), Set(model.parameters.map(\.name)).subtracting(frozen))
        for (fused, plain, name) in pairs where !frozen.contains(name) {
            TestSupport.assertClose(fused, plain, relative: 1e-4, name)
        }
        // A step moves every trainable weight and none of the frozen ones.
        let before = model.parameters.map(\.value)
        var rng = SeededGenerator(seed: 8)
        _ = model.trainStep(TestSupport.random([8, 28, 28, 1], &rng, range: 0 ... 1), labels: Array(0 ..< 8), optimizer: Adam())
        for (parameter, old) in zip(model.parameters, before) {
            if frozen.contains(parameter.name) {
                XCTAssertEqual(parameter.value, old, "\(parameter.name) is frozen")
            } else {
                XCTAssertNotEqual(parameter.value, old, "\(parameter.name) learns")
            }
        }
        model.frozenLayers = 0
        XCTAssertTrue(model.trainingPlan.stages.allSatisfy(\.learns), "unfreezing makes a new plan")
    }

    func testTrainingLearnsASeparableProblem() throws {
        // Two classes: bright top half vs bright bottom half.
        let model = try Sequential(inputShape: [4, 4, 1], specs: [.conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, bias: true),
                                                                  .relu, .flatten, .dense(units: 2)], seed: 5)
        var data: [Float] = [], labels: [Int] = []
        var rng = SeededGenerator(seed: 6)
        for i in 0 ..< 32 {
            let top = i % 2 == 0
            for p in 0 ..< 16 { data.append((p < 8) == top ? 0.8 + 0.2 * rng.nextUnit() : 0.2 * rng.nextUnit()) }
            labels.append(top ? 0 : 1)
        }
        let x = Tensor(shape: [32, 4, 4, 1], data: data)
        let adam = Adam(learningRate: 0.05)
        var last: (loss: Float, correct: Int) = (0, 0)
        for _ in 0 ..< 40 { last = model.trainStep(x, labels: labels, optimizer: adam) }
        XCTAssertLessThan(last.loss, 0.1)
        XCTAssertEqual(last.correct, 32)
    }

    func testSGDWithMomentumDescends() throws {
        let p = Parameter(name: "w", value: [3, -2])
        let sgd = SGD(learningRate: 0.1, momentum: 0.9)
        for _ in 0 ..< 200 {
            p.gradient = p.value.map { 2 * $0 }   // d/dw of |w|^2
            sgd.step([p])
        }
        XCTAssertEqual(p.value[0], 0, accuracy: 1e-3)
        XCTAssertEqual(p.value[1], 0, accuracy: 1e-3)
    }

    /// AdamW: a step shrinks the convolution and dense weights by learning rate × decay on top of
    /// Adam's own update, and leaves biases and batch norm alone (20 values: the eight-wide loop
    /// and its tail).
    func testAdamWeightDecayShrinksOnlyWeights() throws {
        let start = (0 ..< 20).map { Float($0) * 0.1 - 1 }, gradient = (0 ..< 20).map { Float($0 % 5) * 0.02 - 0.03 }
        // As the layers make them: a convolution's weight and bias, and a batch norm's gamma.
        func parameters() -> [Parameter] {
            var rng = SeededGenerator(seed: 1)
            let conv = Conv2D(inputShape: [1, 1, 1], filters: 20, kernel: 1, stride: 1, padding: .valid, bias: true, name: "conv0", rng: &rng)
            let norm = BatchNorm(channels: 20, momentum: 0.9, epsilon: 1e-3, name: "bn0")
            return [conv.weight, conv.bias!, norm.gamma].map { p in
                p.value = start
                p.gradient = gradient
                return p
            }
        }
        let decayed = parameters(), plain = parameters()
        Adam(learningRate: 0.1, weightDecay: 0.5).step(decayed)
        Adam(learningRate: 0.1).step(plain)
        for i in 0 ..< 20 {
            XCTAssertEqual(decayed[0].value[i], plain[0].value[i] - 0.05 * start[i], accuracy: 1e-6, "weight \(i)")
            XCTAssertEqual(decayed[1].value[i], plain[1].value[i], "bias \(i)")
            XCTAssertEqual(decayed[2].value[i], plain[2].value[i], "gamma \(i)")
        }
        XCTAssertNotEqual(plain[0].value, start, "the gradient moved the weights")
    }

    /// A copy with outputs chosen anew keeps each kept output's logit exactly, gives a new one
    /// its fresh weights, and leaves the original alone.
    func testOutputsChosenAnewKeepTheirLogitsAndNewOnesTheirFreshWeights() throws {
        let (model, x) = try trained([.conv2d(filters: 4, kernel: 3, stride: 2, padding: .valid, bias: true), .relu, .flatten,
                                      .dense(units: 128), .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .dense(units: 11)])
        let before = model.forward(x, training: false)
        let fresh = (0 ..< 128).map { Float($0 % 7) * 0.01 }
        let copy = try model.withOutputs(from: [3, nil, 10, 0]) { _ in fresh }
        let after = copy.forward(x, training: false), features = copy.features(x)
        XCTAssertEqual(copy.classCount, 4)
        for item in 0 ..< x.batch {
            for (j, source) in [(0, 3), (2, 10), (3, 0)] {
                XCTAssertEqual(after.data[item * 4 + j], before.data[item * 11 + source], accuracy: 1e-4)
            }
            let expected = (0 ..< 128).reduce(Float(0)) { $0 + features.data[item * 128 + $1] * fresh[$1] }
            XCTAssertEqual(after.data[item * 4 + 1], expected, accuracy: 1e-4)
        }
        XCTAssertEqual(model.forward(x, training: false).data, before.data, "the original is unchanged")
        XCTAssertThrowsError(try model.withOutputs(from: [11]) { _ in fresh })
        XCTAssertThrowsError(try model.withOutputs(from: []) { _ in fresh })
    }

    func testRejectsArchitecturesThatDoNotFit() {
        XCTAssertThrowsError(try Sequential(inputShape: [4, 4, 1], specs: [.conv2d(filters: 2, kernel: 5, stride: 1, padding: .valid, bias: true), .flatten, .dense(units: 2)]))
        XCTAssertThrowsError(try Sequential(inputShape: [28, 28, 1], specs: [.relu]), "must end in a vector")
        XCTAssertThrowsError(try Sequential(inputShape: [28, 28, 1], specs: []))
    }

    func testSameSeedSameWeights() throws {
        let a = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 4)
        let b = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 4)
        XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value))
    }
}
