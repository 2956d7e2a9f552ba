import XCTest
@testable import ScrawlEngine

final class TrainerTests: XCTestCase {
    /// Bright top half (class 0) or bright bottom half (class 1), made afresh from each example's seed.
    struct Halves: TrainingExamples {
        var count: Int { 24 }
        func label(_ index: Int) -> Int { index % 2 }
        func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
            (0 ..< 784).map { p in (p < 392) == (index % 2 == 0) ? 0.7 + 0.3 * rng.nextUnit() : 0.3 * rng.nextUnit() }
        }
    }

    /// A batch is the same whatever the thread count and whichever thread made which example:
    /// each example's randomness comes from the seed, the epoch and its index alone.
    func testABatchIsTheSameOnOneThreadAsOnSeveral() throws {
        let model = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 2)], seed: 3)
        var options = Trainer.Options()
        options.seed = 11
        let trainer = Trainer(model: model, options: options)
        let ids = [5, 0, 23, 7, 7, 12, 1, 19, 3]
        let one = Parallel.withThreads(1) { trainer.makeBatch(Halves(), ids, epoch: 2) }
        for threads in [2, 3, 8] {
            let several = Parallel.withThreads(threads) { trainer.makeBatch(Halves(), ids, epoch: 2) }
            XCTAssertEqual(several.data, one.data, "\(threads) threads")
        }
        XCTAssertEqual(Array(one.data[4 * 784 ..< 5 * 784]), Array(one.data[3 * 784 ..< 4 * 784]), "the same example twice in a batch is the same")
        XCTAssertNotEqual(trainer.makeBatch(Halves(), ids, epoch: 3).data, one.data, "another epoch varies the examples")
    }

    /// With averaging asked for, the model ends with the mean of the weights and batch-norm
    /// statistics of every step of the last epochs, not with the last step's.
    func testAveragingLeavesTheMeanOfTheLastEpochsSteps() throws {
        let model = try Sequential(inputShape: [28, 28, 1], specs: [.conv2d(filters: 2, kernel: 3, stride: 2, padding: .valid, bias: false),
                                                                    .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .flatten, .dense(units: 2)],
                                   seed: 3)
        var options = Trainer.Options()
        (options.epochs, options.batchSize, options.learningRate, options.averageLastEpochs) = (3, 8, 0.01, 2)
        let trainer = Trainer(model: model, options: options)
        var seen: [[[Float]]] = []   // the stored tensors after each step of the last two epochs
        trainer.train(on: Halves(), progress: { p in
            if p.epoch > 1 { seen.append(model.storedTensors.map(\.value)) }
        })
        let last = model.storedTensors.map(\.value)
        XCTAssertEqual(seen.count, 6, "3 batches an epoch, 2 epochs averaged")
        XCTAssertEqual(trainer.applyAverage(), 6)
        for (t, tensor) in model.storedTensors.enumerated() {
            let mean = (0 ..< tensor.value.count).map { i in seen.map { $0[t][i] }.reduce(0, +) / Float(seen.count) }
            TestSupport.assertClose(tensor.value, mean, relative: 1e-5)
        }
        XCTAssertNotEqual(model.storedTensors.map(\.value), last, "the mean differs from the last step")
    }

    /// With a constant averaging rate, the averaged epochs run at it and the epochs before them
    /// decay as usual; without one, every epoch decays.
    func testAveragedEpochsRunAtTheirConstantRate() throws {
        var options = Trainer.Options()
        (options.epochs, options.batchSize, options.learningRate, options.decay, options.averageLastEpochs) = (4, 8, 0.01, 0.5, 2)
        for constant in [nil, Float(0.004)] {
            options.averageLearningRate = constant
            let model = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 2)], seed: 3)
            let trainer = Trainer(model: model, options: options)
            var rates: [Int: Float] = [:]
            trainer.train(on: Halves(), progress: { p in rates[p.epoch] = p.learningRate })
            XCTAssertEqual(rates, [1: 0.01, 2: 0.005, 3: constant ?? 0.0025, 4: constant ?? 0.00125], "constant rate \(String(describing: constant))")
            XCTAssertEqual(trainer.applyAverage(), 6)
        }
    }

    /// Without averaging, training leaves the last step's weights.
    func testWithoutAveragingTheLastStepStays() throws {
        let model = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 2)], seed: 3)
        var options = Trainer.Options()
        (options.epochs, options.batchSize) = (2, 8)
        let trainer = Trainer(model: model, options: options)
        trainer.train(on: Halves(), progress: { _ in })
        let last = model.storedTensors.map(\.value)
        XCTAssertEqual(trainer.applyAverage(), 0)
        XCTAssertEqual(model.storedTensors.map(\.value), last)
    }

    /// ``Halves`` whose first twelve examples never vary.
    struct HalvesPartlyFixed: TrainingExamples {
        static let fixed = 12
        var count: Int { Halves().count }
        func label(_ index: Int) -> Int { Halves().label(index) }
        func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
            guard index < Self.fixed else { return Halves().input(index, rng: &rng) }
            var own = SeededGenerator(seed: UInt64(index) + 1)
            return Halves().input(index, rng: &own)
        }
    }

    /// The same, with the frozen layers' outputs of the fixed examples known. The images it hands
    /// out for them are blank on purpose: a trainer that ran them would learn something else.
    struct KnownOutputs: TrainingExamples {
        let outputs: [Float], width: Int
        var count: Int { Halves().count }
        func label(_ index: Int) -> Int { Halves().label(index) }
        func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
            index < HalvesPartlyFixed.fixed ? [Float](repeating: 0, count: 784) : HalvesPartlyFixed().input(index, rng: &rng)
        }
        func frozenOutput(_ index: Int) -> ArraySlice<Float>? {
            index < HalvesPartlyFixed.fixed ? outputs[index * width ..< (index + 1) * width] : nil
        }
    }

    /// Examples whose frozen-layer outputs are known skip the frozen layers, and the layers that
    /// learn train on them as on their images (a personal model keeps its replay's outputs so).
    func testKnownFrozenOutputsTrainAsTheirImagesWould() throws {
        let specs: [LayerSpec] = [.conv2d(filters: 2, kernel: 3, stride: 2, padding: .valid, bias: false),
                                  .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .flatten,
                                  .dense(units: 8), .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .dense(units: 2)]
        let (made, kept) = (try Sequential(inputShape: [28, 28, 1], specs: specs, seed: 3),
                            try Sequential(inputShape: [28, 28, 1], specs: specs, seed: 3))
        made.frozenLayers = 4
        kept.frozenLayers = 4
        let plan = kept.trainingPlan, width = plan.frozenOutputShape.reduce(1, *)
        XCTAssertEqual(plan.frozenOutputShape, [13 * 13 * 2], "the dense layer's input")
        var rng = SeededGenerator(seed: 0)
        let images = (0 ..< HalvesPartlyFixed.fixed).flatMap { HalvesPartlyFixed().input($0, rng: &rng) }
        let outputs = plan.frozenOutputs(Tensor(shape: [HalvesPartlyFixed.fixed, 28, 28, 1], data: images)).data
        var options = Trainer.Options()
        (options.epochs, options.batchSize, options.learningRate) = (2, 8, 0.01)
        let before = kept.storedTensors.map(\.value)
        Trainer(model: made, options: options).train(on: HalvesPartlyFixed(), progress: { _ in })
        Trainer(model: kept, options: options).train(on: KnownOutputs(outputs: outputs, width: width), progress: { _ in })
        for (a, b) in zip(kept.storedTensors, made.storedTensors) {
            TestSupport.assertClose(a.value, b.value, relative: 1e-4, a.name)
        }
        XCTAssertNotEqual(kept.storedTensors.map(\.value), before, "the layers that learn learned")

        // A large batch runs in chunks spread over the threads, each image as it would alone.
        var many = SeededGenerator(seed: 1)
        let x = TestSupport.random([200, 28, 28, 1], &many, range: 0 ... 1)
        let all = plan.frozenOutputs(x)
        for range in [0 ..< 10, 190 ..< 200] {
            TestSupport.assertClose(Array(all.data[range.lowerBound * width ..< range.upperBound * width]),
                                    plan.frozenOutputs(x.batchSlice(range)).data, relative: 1e-5, "images \(range)")
        }
    }

    /// A network taught by a teacher whose every answer contradicts the labels learns the
    /// teacher's answers when the targets are all the teacher's, and the labels when they are
    /// mostly the labels; each target is the mix asked for.
    func testTeachersAnswersAreLearnedInTheirShare() throws {
        // Reads the bright bottom half as class 0 and the bright top half as class 1: every
        // example of ``Halves`` the other way round.
        let teacher = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 2)], seed: 1)
        let dense = teacher.layers[1] as! Dense
        dense.weight.value = (0 ..< 784 * 2).map { k in (k / 2 < 392) == (k % 2 == 1) ? 0.05 : -0.05 }
        dense.bias.value = [0, 0]
        let plan = teacher.inferencePlan()
        var probe = SeededGenerator(seed: 99)
        let inputs = (0 ..< 24).map { Halves().input($0, rng: &probe) }
        let x = Tensor(shape: [24, 28, 28, 1], data: inputs.flatMap { $0 })
        XCTAssertEqual(plan.forward(x).argmaxPerItem(), (0 ..< 24).map { 1 - $0 % 2 }, "the teacher contradicts every label")
        for (share, expected) in [(Float(1), { (i: Int) in 1 - i % 2 }), (Float(0.25), { (i: Int) in i % 2 })] {
            let student = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 2)], seed: 3)
            var options = Trainer.Options()
            (options.epochs, options.batchSize, options.learningRate, options.teachers, options.teacherShare) = (3, 8, 0.01, [plan, plan], share)
            let trainer = Trainer(model: student, options: options)
            let labels = (0 ..< 24).map { $0 % 2 }
            let targets = trainer.targets(x, labels: labels), said = plan.predict(x)
            for i in 0 ..< 24 * 2 {
                XCTAssertEqual(targets.data[i], share * said.data[i] + (i % 2 == labels[i / 2] ? 1 - share : 0), accuracy: 1e-6, "share \(share), \(i)")
            }
            trainer.train(on: Halves(), progress: { _ in })
            XCTAssertEqual(student.inferencePlan().forward(x).argmaxPerItem(), (0 ..< 24).map(expected), "share \(share)")
        }
    }
}
