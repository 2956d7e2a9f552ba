import XCTest
@testable import ScrawlEngine

/// The moving average of the weights: the formula, the swap in and out, and that a convolution
/// answers with the averaged weights while they are in (its packed-weight cache follows them).
final class WeightAverageTests: XCTestCase {
    func testAverageFollowsTheFormulaAndTheRawWeightsComeBack() throws {
        let model = try Sequential(inputShape: [6, 6, 1], specs: [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .valid, bias: true),
                                                                    .flatten, .dense(units: 3)], seed: 5)
        let average = WeightAverage(of: model, decay: 0.75)
        let start = model.parameters.map(\.value)
        let x = Tensor(shape: [1, 6, 6, 1], data: (0 ..< 36).map { Float($0 % 7) / 7 })
        let before = model.forward(x, training: false).data
        // Two "steps": the weights move, the average follows a quarter of the way each time.
        for p in model.parameters { p.value = p.value.map { $0 + 1 } }
        average.update()
        for p in model.parameters { p.value = p.value.map { $0 + 1 } }
        average.update()
        let raw = model.parameters.map(\.value)
        let rawOutput = model.forward(x, training: false).data
        average.withAveragedWeights {
            for (p, s) in zip(model.parameters, start) {
                // 0.75 * (0.75 * s + 0.25 * (s + 1)) + 0.25 * (s + 2) = s + 0.6875
                TestSupport.assertClose(p.value, s.map { $0 + 0.6875 }, relative: 1e-5)
            }
            XCTAssertNotEqual(model.forward(x, training: false).data, rawOutput, "the convolution uses the averaged weights")
            XCTAssertNotEqual(model.forward(x, training: false).data, before)
        }
        XCTAssertEqual(model.parameters.map(\.value), raw, "the raw weights are back")
        XCTAssertEqual(model.forward(x, training: false).data, rawOutput, "and the convolution answers with them again")
    }
}
