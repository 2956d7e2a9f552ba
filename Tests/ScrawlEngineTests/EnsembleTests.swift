import XCTest
@testable import ScrawlEngine

final class EnsembleTests: XCTestCase {
    /// Small networks of one architecture from different seeds, as `train --members` makes them.
    func networks(_ count: Int) throws -> [Sequential] {
        try (1 ... count).map { seed in
            try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 8), .relu, .dense(units: 3)], seed: UInt64(seed))
        }
    }

    /// Where the first network is sure (its largest probability at least `sureEnough`), its
    /// answer stands; elsewhere the answer is the mean of all three.
    func testTheFirstNetworkAnswersWhereItIsSureAndTheMeanElsewhere() throws {
        let seed: UInt64 = 11
        var rng = SeededGenerator(seed: seed)
        let members = try networks(3)
        // A first network sure of some inputs and not of others: its output weights scaled up.
        let output = members[0].layers.last as! Dense
        for i in output.weight.value.indices { output.weight.value[i] *= 12 }
        let x = TestSupport.random([200, 28, 28, 1], &rng, range: 0 ... 1)
        let ensemble = Ensemble(networks: members)
        let answer = ensemble.predict(x), mean = ensemble.mean(x)
        let each = members.map { $0.inferencePlan().predict(x) }
        XCTAssertEqual(answer.shape, [200, 3])
        var sure = 0
        for item in 0 ..< 200 {
            let row = item * 3 ..< item * 3 + 3
            for i in row {
                XCTAssertEqual(mean.data[i], (each[0].data[i] + each[1].data[i] + each[2].data[i]) / 3, accuracy: 1e-6, "value \(i), seed \(seed)")
            }
            let isSure = each[0].data[row].max()! >= Ensemble.sureEnough
            if isSure { sure += 1 }
            XCTAssertEqual(Array(answer.data[row]), Array((isSure ? each[0] : mean).data[row]),
                           "item \(item), the first network \(isSure ? "sure" : "unsure"), seed \(seed)")
            XCTAssertEqual(answer.data[row].reduce(0, +), 1, accuracy: 1e-5, "item \(item) sums to one, seed \(seed)")
        }
        XCTAssertGreaterThan(sure, 0, "the first network is sure of some inputs (seed \(seed))")
        XCTAssertLessThan(sure, 200, "and unsure of others (seed \(seed))")
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
