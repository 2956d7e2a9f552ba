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
        let shipped = try ReplaySample.shipped()
        let replay = DigitSet(pixels: Array(shipped.pixels.prefix(20 * 784)), labels: Array(shipped.labels.prefix(20)))
        let one = Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 460)], width: 22)])
        let example = Teacher.Example(input: Rasterizer.recognitionInput(one)!.pixels, label: 1)
        var options = Teacher.Options()
        options.batchSize = 4
        XCTAssertThrowsError(try Teacher.teach(base: base.networks, labels: base.labels, examples: [example, example], replay: replay,
                                               options: options, isCancelled: { true })) {
            XCTAssertEqual($0 as? Teacher.TeachError, .cancelled)
        }
        XCTAssertThrowsError(try Teacher.teach(base: base.networks, labels: base.labels, examples: [example], replay: replay)) {
            XCTAssertEqual($0 as? Teacher.TeachError, .tooFewExamples(label: "1", count: 1))
        }
        XCTAssertThrowsError(try Teacher.teach(base: base.networks, labels: base.labels, examples: [], replay: replay)) {
            XCTAssertEqual($0 as? Teacher.TeachError, .noExamples)
        }
    }

    /// A base of several networks teaches its first: the person's model is that one network,
    /// learned, with the first network's frozen convolutions.
    func testAnEnsembleBaseTeachesItsFirstNetwork() throws {
        let shipped = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        let base = try [shipped.model, shipped.model].map { try ModelFile.decode(try ModelFile.encode($0)) }
        base[1].parameters[0].value[0] += 0.5   // two networks that differ
        let replay = try ReplaySample.shipped()
        let few = DigitSet(pixels: Array(replay.pixels.prefix(20 * 784)), labels: Array(replay.labels.prefix(20)))
        let one = Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 460)], width: 22)])
        let example = Teacher.Example(input: Rasterizer.recognitionInput(one)!.pixels, label: 1)
        var options = Teacher.Options()
        (options.epochs, options.personalPerEpoch, options.nonDigitsPerEpoch) = (2, 16, 8)
        var epochs: [Int] = [], totals: Set<Int> = []
        let outcome = try Teacher.teach(base: base, labels: shipped.labels, examples: [example, example], replay: few, options: options,
                                        progress: { epochs.append($0.epoch); totals.insert($0.epochs) })
        XCTAssertEqual(outcome.networks.count, 1, "one network taught")
        XCTAssertEqual(totals, [2], "progress counts that network's epochs")
        XCTAssertEqual(epochs.last, 2)
        let taught = outcome.networks[0]
        XCTAssertNotEqual((taught.layers.last as! Dense).weight.value, (base[0].layers.last as! Dense).weight.value, "the network learned")
        XCTAssertEqual(taught.parameters[0].value, base[0].parameters[0].value, "it keeps the first network's frozen convolutions")
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

    /// Before any fine-tuning, each output is set up to read its examples: 4s written as λs, which
    /// the base calls something else, mostly start out read as 4 (the push is scaled on their
    /// average, and one far from the others may lag: over 200 seeds, 3 to 6 of 6 did); a new label
    /// starts out read as itself; an output whose examples the base reads right keeps its weights;
    /// the base is untouched.
    func testEachOutputStartsOutReadingItsExamples() throws {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        let base = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        let writer = SeededGenerator(seed: rng.next())
        func input(_ drawing: Drawing) -> [Float] { Rasterizer.recognitionInput(drawing)!.pixels }
        func reads(_ plan: ExecutionPlan, _ inputs: [[Float]]) -> [Int] {
            plan.forward(Tensor(shape: [inputs.count, 28, 28, 1], data: inputs.flatMap { $0 })).argmaxPerItem()
        }
        func reads(_ model: Sequential, _ inputs: [[Float]]) -> [Int] { reads(model.inferencePlan(), inputs) }
        // Six λs the base does not read as 4 (it reads about one in fifteen as 4 already).
        let basePlan = base.model.inferencePlan()
        var lambdas: [[Float]] = []
        for _ in 0 ..< 60 where lambdas.count < 6 {
            let x = input(TestDrawings.lambda(writer, &rng))
            if reads(basePlan, [x]) != [4] { lambdas.append(x) }
        }
        XCTAssertEqual(lambdas.count, 6, "seed \(seed): the base reads almost every λ as 4")
        let pluses = (0 ..< 3).map { _ in input(SymbolFixtures.drawing(of: "+", writer: 2, pen: 22, otherWay: 0, rng: &rng)) }
        let stick = input(Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 460)], width: 22)]))
        let baseWeights = (base.model.layers.last as! Dense).weight.value

        let examples = lambdas.map { Teacher.Example(input: $0, label: 4) } + [Teacher.Example(input: stick, label: 1)]
        let digits = try Teacher.answering(base.labels, from: base.model, examples: examples)
        let after = reads(digits, lambdas)
        XCTAssertGreaterThanOrEqual(after.filter { $0 == 4 }.count, 3, "seed \(seed): at least half of the λs start out read as 4: \(after)")
        XCTAssertEqual(reads(digits, [stick]), [1])
        let units = base.labels.names.count, weights = (digits.layers.last as! Dense).weight.value
        XCTAssertEqual(stride(from: 1, to: weights.count, by: units).map { weights[$0] }, stride(from: 1, to: baseWeights.count, by: units).map { baseWeights[$0] },
                       "the 1s are read right: output 1 keeps its weights")
        XCTAssertEqual((base.model.layers.last as! Dense).weight.value, baseWeights, "the base is not changed")

        let labels = OutputLabels(names: Array(base.labels.names.prefix(10)) + ["+", nil])
        let symbols = try Teacher.answering(labels, from: base.model, examples: pluses.map { Teacher.Example(input: $0, label: 10) })
        XCTAssertEqual(reads(symbols, pluses), [10, 10, 10], "seed \(seed): a new label starts out read as itself")
    }
}
