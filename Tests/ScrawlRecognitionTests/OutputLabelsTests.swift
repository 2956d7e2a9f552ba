import Foundation
import XCTest
@testable import ScrawlRecognition
import ScrawlEngine

/// A model's output labels: recorded in the file, absent from version-1 models (ten digits, no
/// rejection), and refused when they do not fit the outputs.
final class OutputLabelsTests: XCTestCase {
    func model(outputs: Int, labels: String?) throws -> Sequential {
        try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: outputs)], seed: 3,
                       metadata: labels.map { [OutputLabels.metadataKey: $0] } ?? [:])
    }

    func testLabelsRoundTripThroughTheModelFile() throws {
        let labels = OutputLabels.digits(rejecting: true)
        let saved = try model(outputs: 11, labels: labels.metadataValue)
        let loaded = try ModelFile.decode(try ModelFile.encode(saved))
        XCTAssertEqual(try OutputLabels(of: loaded), labels)
        XCTAssertEqual(labels.rejectIndex, 10)
        let recognizer = try Recognizer(model: loaded, source: "x")
        XCTAssertTrue(recognizer.rejects)
        let r = recognizer.recognize(input: [Float](repeating: 0.2, count: 784))
        XCTAssertEqual(r.probabilities.count, 10)
        XCTAssertEqual(r.probabilities.reduce(0, +) + r.notADigitProbability, 1, accuracy: 1e-5)
    }

    func testAVersionOneModelReadsDigitsAndRejectsNothing() throws {
        let recognizer = try Recognizer(model: try model(outputs: 10, labels: nil), source: "v1")
        XCTAssertFalse(recognizer.rejects)
        XCTAssertEqual(recognizer.labels, .digits(rejecting: false))
        let r = recognizer.recognize(input: [Float](repeating: 0.5, count: 784))
        XCTAssertTrue(r.isDigit)
        XCTAssertEqual(r.notADigitProbability, 0)
        XCTAssertEqual(r.answer, r.digit)
    }

    func testLabelsThatDoNotFitAreRefused() throws {
        for (outputs, labels, words) in [(11, nil, "records no labels"), (11, #"["0","1"]"#, "2 labels for 11 outputs"),
                                         (10, "{oops", "not a JSON array"), (11, #"[null,"1","2","3","4","5","6","7","8","9",null]"#, "more than one"),
                                         (10, #"["1","1","2","3","4","5","6","7","8","0"]"#, "two outputs alike"),
                                         (3, #"["A","",null]"#, "not a short text"), (3, #"["A","x y",null]"#, "not a short text"),
                                         (1, "[null]", "name no class")] as [(Int, String?, String)] {
            XCTAssertThrowsError(try Recognizer(model: try model(outputs: outputs, labels: labels), source: "x"), words) {
                XCTAssertTrue("\($0)".contains(words), "\($0)")
            }
        }
    }

    /// A personal model taught symbols: its labels are its own, in its order; it reads one symbol
    /// at a time, and its answers name them.
    func testAModelWithLabelsOfItsOwnAnswersThemAndReadsOneSymbolAtATime() throws {
        let labels = OutputLabels(names: ["A", "+", "7", nil])
        let recognizer = try Recognizer(model: try model(outputs: 4, labels: labels.metadataValue), source: "symbols")
        XCTAssertEqual(recognizer.labels, labels)
        XCTAssertFalse(recognizer.readsNumbers)
        XCTAssertTrue(try Recognizer(model: try model(outputs: 11, labels: OutputLabels.digits(rejecting: true).metadataValue), source: "d").readsNumbers)
        let r = Recognizer.recognition(probabilities: [0.1, 0.7, 0.15, 0.05], labels: labels, input: [])
        XCTAssertEqual(r.labels, ["A", "+", "7"])
        XCTAssertEqual(r.probabilities, [0.1, 0.7, 0.15], "every class but \"none\", in order")
        XCTAssertEqual(r.label, "+")
        XCTAssertEqual(r.answerLabel, "+")
        XCTAssertNil(Recognizer.recognition(probabilities: [0.1, 0.2, 0.3, 0.4], labels: labels, input: []).answerLabel)
        // Three marks side by side are one drawing to such a model, not a number.
        let marks = Drawing(strokes: [100, 250, 400].map { x in Stroke(points: [Point(x, 200), Point(x + 20, 360)], width: 20) })
        let reading = try XCTUnwrap(NumberReader(recognizer: recognizer).read(marks))
        XCTAssertTrue(reading.isSingle)
        XCTAssertEqual(reading.parts[0].recognition, recognizer.recognize(marks))
        XCTAssertEqual(reading.parts[0].strokes, [0, 1, 2])
    }

    func testALabelIsAShortTextWithoutSpacesOrSlashes() {
        for good in ["A", "+", "→", "alpha", "√x", "123456789012"] { XCTAssertNil(OutputLabels.problem(with: good), good) }
        for bad in ["", " A", "a b", "a/b", "tab\t", "1234567890123"] { XCTAssertNotNil(OutputLabels.problem(with: bad), bad) }
    }

    func testTheAnswerIsNotADigitOnlyWhenThatOutweighsEveryDigit() {
        let labels = OutputLabels.digits(rejecting: true)
        var p = [Float](repeating: 0.02, count: 11)
        p[3] = 0.41; p[10] = 0.41
        XCTAssertEqual(Recognizer.recognition(probabilities: p, labels: labels, input: []).answer, 3, "a tie goes to the digit")
        p[10] = 0.42; p[3] = 0.40
        let r = Recognizer.recognition(probabilities: p, labels: labels, input: [])
        XCTAssertNil(r.answer)
        XCTAssertEqual(r.digit, 3, "the nearest digit is still known")
        XCTAssertEqual(r.confidence, 0.42)
    }
}
