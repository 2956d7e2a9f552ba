import XCTest
@testable import ScrawlEngine

final class EnsembleTests: XCTestCase {
    /// Small networks of one architecture from different seeds, as `train --members` makes them.
    func networks(_ count: Int) throws -> [Sequential] {
        try (1 ... count).map { seed in
            try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 8), .relu, .dense(units: 3)], seed: UInt64(seed))
        }
    }

    func testTheAnswerIsTheMeanOfTheNetworksProbabilities() throws {
        let seed: UInt64 = 11
        var rng = SeededGenerator(seed: seed)
        let members = try networks(3)
        let x = TestSupport.random([50, 28, 28, 1], &rng, range: 0 ... 1)
        let mean = Ensemble(networks: members).predict(x)
        let each = members.map { $0.inferencePlan().predict(x) }
        XCTAssertEqual(mean.shape, [50, 3])
        for i in 0 ..< mean.count {
            XCTAssertEqual(mean.data[i], (each[0].data[i] + each[1].data[i] + each[2].data[i]) / 3, accuracy: 1e-6, "value \(i), seed \(seed)")
        }
        for item in 0 ..< 50 {
            XCTAssertEqual(mean.data[item * 3 ..< item * 3 + 3].reduce(0, +), 1, accuracy: 1e-5, "item \(item) sums to one, seed \(seed)")
        }
        XCTAssertEqual(Ensemble(networks: [members[1]]).predict(x), each[1], "one network is an ensemble of one")
    }

    func testEvaluationScoresTheMeanAnswerNotTheFirstNetworks() throws {
        let seed: UInt64 = 12
        var rng = SeededGenerator(seed: seed)
        let members = try networks(3)
        let ensemble = Ensemble(networks: members)
        let x = TestSupport.random([300, 28, 28, 1], &rng, range: 0 ... 1)
        // Labelled with the ensemble's own answers: it reads all of them, and a network alone does not.
        let set = DigitSet(pixels: x.data, labels: ensemble.predict(x).argmaxPerItem())
        XCTAssertEqual(Evaluation(model: ensemble, set: set).accuracy, 1, "seed \(seed)")
        let alone = Evaluation(model: members[0].inferencePlan(), set: set)
        XCTAssertLessThan(alone.accuracy, 1, "the first network disagrees with the mean somewhere (seed \(seed))")
        XCTAssertGreaterThan(alone.accuracy, 0, "seed \(seed)")
    }
}
