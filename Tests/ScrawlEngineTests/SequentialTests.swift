import XCTest
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

    func testInferenceModelFoldsBatchNormAndMatchesPlainInference() throws {
        for specs in [Architectures.scrawlNet, Architectures.peerCNN] {
            let (model, x) = try trained(specs)
            let fused = model.inferenceModel()
            XCTAssertFalse(fused.layers.contains { $0 is BatchNorm || $0 is Dropout }, "BN folded, dropout gone")
            XCTAssertEqual(fused.layers.filter { $0 is ReLU }.count, specs == Architectures.scrawlNet ? 1 : 0,
                           "every ReLU after a convolution runs in its epilogue")
            let expected = model.forward(x, training: false), actual = fused.forward(x, training: false)
            TestSupport.assertClose(actual.data, expected.data, relative: 1e-3)
        }
    }

    func testALargeBatchInChunksGivesEachImageItsOwnAnswer() throws {
        // 150 images: chunks of 32 run through every layer on parallel threads (a short last chunk).
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        Parallel.threads = 3
        let (model, _) = try trained(Architectures.peerCNN)
        var rng = SeededGenerator(seed: 31)
        let x = TestSupport.random([150, 28, 28, 1], &rng, range: 0 ... 1)
        for net in [model, model.inferenceModel()] {
            let batch = net.forward(x, training: false)
            XCTAssertEqual(batch.shape, [150, 10])
            for i in [0, 31, 32, 100, 149] {
                let alone = net.forward(x.batchSlice(i ..< i + 1), training: false)
                for j in 0 ..< 10 {
                    XCTAssertEqual(batch.data[i * 10 + j], alone.data[j], accuracy: 1e-5 * max(1, abs(alone.data[j])), "image \(i)")
                }
            }
        }
    }

    func testTrainingOnOneThreadGivesTheSameModelAsOnSeveral() throws {
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        Parallel.threads = 1
        let (one, x) = try trained(Architectures.peerCNN, steps: 2)
        Parallel.threads = 3
        let (many, _) = try trained(Architectures.peerCNN, steps: 2)
        let a = one.forward(x, training: false), b = many.forward(x, training: false)
        TestSupport.assertClose(b.data, a.data, relative: 1e-4)
    }

    func testTrainingForwardImageByImageThroughThePoolMatchesLayerByLayer() throws {
        // Two copies of the peer CNN (same weights, same dropout draws): one runs its first
        // convolution, ReLU and pool together, image by image; the other layer after layer.
        let fused = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 6)
        let plain = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 6)
        var rng = SeededGenerator(seed: 33)
        let x = TestSupport.random([20, 28, 28, 1], &rng, range: 0 ... 1)
        let a = fused.forward(x, training: true)
        var b = x
        for layer in plain.layers { b = layer.forward(b, training: true) }
        XCTAssertEqual(a.shape, b.shape)
        TestSupport.assertClose(a.data, b.data, relative: 1e-5, "logit")
        // The pool recorded the same maxima: the input gradients below it agree.
        let g = TestSupport.random(a.shape, &rng)
        var ga = g, gb = g
        for layer in fused.layers.dropFirst().reversed() { ga = layer.backward(ga) }
        for layer in plain.layers.dropFirst().reversed() { gb = layer.backward(gb) }
        TestSupport.assertClose(ga.data, gb.data, relative: 1e-4)
    }

    func testFirstLayerGradientTakenImageByImageFromThePoolMatchesLayerByLayer() throws {
        // The peer CNN starts conv, ReLU, max-pool (the shipped model has BatchNorm in between).
        do {
            let model = try Sequential(inputShape: [28, 28, 1], specs: Architectures.peerCNN, seed: 5)
            var rng = SeededGenerator(seed: 32)
            let x = TestSupport.random([20, 28, 28, 1], &rng, range: 0 ... 1)
            let logits = model.forward(x, training: true)
            let dLogits = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: (0 ..< 20).map { $0 % 10 }).gradient
            let conv = try XCTUnwrap(model.layers[0] as? Conv2D)
            XCTAssertTrue(model.layers[2] is MaxPool2D)
            model.backwardForTraining(dLogits)   // conv + ReLU + pool together, image by image
            let (fusedW, fusedB) = (conv.weight.gradient, conv.bias!.gradient)
            var g = dLogits                      // every layer on its own
            for layer in model.layers.dropFirst().reversed() { g = layer.backward(g) }
            conv.backwardParametersOnly(g)
            for (fused, plain) in [(fusedW, conv.weight.gradient), (fusedB, conv.bias!.gradient)] {
                XCTAssertEqual(fused.count, plain.count)
                XCTAssertTrue(plain.contains { $0 != 0 }, "a gradient to compare")
                TestSupport.assertClose(fused, plain, relative: 1e-5)
            }
        }
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
