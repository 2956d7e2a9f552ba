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

    /// A corrected number's digits become examples when its picture reads as that many symbols;
    /// a `?` gives none; a different count gives none at all.
    func testACorrectedNumbersDigitsAreExamplesWhenItsPictureReadsAsThatManySymbols() throws {
        let base = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        let reader = NumberReader(recognizer: base)
        let sticks = Drawing(strokes: [150, 400].map { x in Stroke(points: [Point(x, 120), Point(x, 440)], width: 24) })
        let png = try PNGCodec.encode(Rasterizer.renderForDisplay(sticks))
        XCTAssertEqual(reader.read(ink: try PNGCodec.decode(png).ink)?.text, "11")
        let examples = Teaching.examples(ofNumber: png, corrected: "1.7", reader: reader, id: "e")
        XCTAssertEqual(examples.map(\.label), ["1", "7"])
        XCTAssertEqual(examples.map(\.id), ["e-1", "e-2"])
        for example in examples {
            let ink = try PNGCodec.decode(example.png).ink
            XCTAssertEqual(base.recognize(ink: ink)?.digit, 1, "each example is one stick, cut out of the number")
        }
        XCTAssertEqual(Teaching.examples(ofNumber: png, corrected: "?1", reader: reader, id: "e").map(\.label), ["1"])
        XCTAssertTrue(Teaching.examples(ofNumber: png, corrected: "111", reader: reader, id: "e").isEmpty)
        XCTAssertTrue(Teaching.examples(ofNumber: Data("no picture".utf8), corrected: "11", reader: reader, id: "e").isEmpty)
    }
}
