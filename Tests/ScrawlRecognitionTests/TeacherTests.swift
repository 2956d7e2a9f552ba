import Foundation
import XCTest
import ScrawlEngine
@testable import ScrawlRecognition
import ScrawlTestSupport

/// Teaching's refusals, headless (that teaching learns is tested through `scrawl teach`, in the
/// release build: a fine-tune is too slow for the debug build the unit tests run in).
final class TeacherTests: XCTestCase {
    func testCancellingOrTooFewExamplesStopWithoutAModel() throws {
        let base = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        let replay = try ReplaySample.shipped()
        let one = Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 460)], width: 22)])
        let example = Teacher.Example(input: Rasterizer.recognitionInput(one)!.pixels, label: 1)
        var options = Teacher.Options()
        (options.replayPerEpoch, options.batchSize) = (20, 4)
        XCTAssertThrowsError(try Teacher.teach(base: base.model, labels: base.labels, examples: [example, example], replay: replay,
                                               options: options, isCancelled: { true })) {
            XCTAssertEqual($0 as? Teacher.TeachError, .cancelled)
        }
        XCTAssertThrowsError(try Teacher.teach(base: base.model, labels: base.labels, examples: [example], replay: replay)) {
            XCTAssertEqual($0 as? Teacher.TeachError, .tooFewExamples(label: "1", count: 1))
        }
        XCTAssertThrowsError(try Teacher.teach(base: base.model, labels: base.labels, examples: [], replay: replay)) {
            XCTAssertEqual($0 as? Teacher.TeachError, .noExamples)
        }
    }
}
