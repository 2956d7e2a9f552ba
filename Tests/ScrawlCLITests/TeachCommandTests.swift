import Foundation
import XCTest
import ScrawlEngine
import ScrawlRecognition
import ScrawlTestSupport

/// Personal models from the command line: teach, list, recognize with, improve, rename, delete,
/// and every bad input (a short fine-tune in the release build the tests run).
final class TeachCommandTests: XCTestCase {
    var dir = ""
    var environment: [String: String] = [:]

    override func setUpWithError() throws {
        dir = try ScrawlProcess.temporaryFolder("scrawl-teach")
        environment = ["XDG_DATA_HOME": dir + "/data"]
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func scrawl(_ arguments: [String]) throws -> ScrawlProcess.Output {
        try ScrawlProcess.run(arguments, environment: environment)
    }

    /// A λ, varied from `rng` as a person's strokes vary: the shipped model reads it as no 4.
    func lambda(_ rng: inout SeededGenerator) -> Drawing {
        StrokeAugmenter().augment([[Point(0.15, 0), Point(0.5, 0.5), Point(0.85, 1)], [Point(0.5, 0.5), Point(0.1, 1)]], label: nil, rng: &rng)
    }

    func write(_ drawing: Drawing, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try PNGCodec.save(Rasterizer.renderForDisplay(drawing), to: path)
    }

    /// How many of `files` the model reads as `digit`.
    func readAs(_ digit: Int, _ files: [String], model: String?) throws -> Int {
        let out = try scrawl(["recognize", "--json"] + (model.map { ["--model", $0] } ?? []) + files)
        XCTAssertEqual(out.status, 0, out.stderr)
        return try out.lines.filter { line in
            let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return o["digit"] as? Int == digit
        }.count
    }

    func testTeachingReadsWhatItWasShownKeepsTheRestAndImproves() throws {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        for i in 0 ..< 6 { try write(lambda(&rng), to: dir + "/examples/4/lambda\(i).png") }
        let fresh = try (0 ..< 6).map { i -> String in
            let path = dir + "/fresh/lambda\(i).png"
            try write(lambda(&rng), to: path)
            return path
        }
        let one = dir + "/fresh/one.png"
        try write(Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 300), Point(280, 460)], width: 22)]), to: one)
        XCTAssertLessThanOrEqual(try readAs(4, fresh, model: nil), 2, "seed \(seed): the shipped model reads a λ as a 4 already")

        let taught = try scrawl(["teach", "lambda", "--examples", dir + "/examples", "--epochs", "4"])
        XCTAssertEqual(taught.status, 0, taught.stderr)
        XCTAssertTrue(taught.stdout.contains("taught lambda") && taught.stdout.contains("6 examples"), taught.stdout)
        XCTAssertGreaterThanOrEqual(try readAs(4, fresh, model: "lambda"), 5, "seed \(seed): the taught model reads new λs as 4")
        XCTAssertEqual(try readAs(1, [one], model: "lambda"), 1, "and still reads other people's digits")

        let listed = try scrawl(["models", "--json"])
        let entry = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(entry["name"] as? String, "lambda")
        XCTAssertEqual(entry["examples"] as? Int, 6)
        XCTAssertEqual(entry["base"] as? String, "built-in")
        XCTAssertEqual(entry["held_back"] as? Int, 1)

        // Improving: more examples, taught with the ones it keeps.
        for i in 0 ..< 3 { try write(lambda(&rng), to: dir + "/more/4/lambda\(i).png") }
        let improved = try scrawl(["teach", "lambda", "--examples", dir + "/more", "--epochs", "2"])
        XCTAssertEqual(improved.status, 0, improved.stderr)
        XCTAssertTrue(improved.stdout.contains("9 examples"), improved.stdout)

        // `--examples` scoring, renaming and deleting.
        let scored = try scrawl(["evaluate", "--model", "lambda", "--examples", dir + "/examples", "--json"])
        let figures = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((figures["examples"] as? [String: Any])?["total"] as? Int, 6)
        XCTAssertEqual(try scrawl(["models", "rename", "lambda", "λ"]).status, 0)
        XCTAssertEqual(try readAs(4, [fresh[0]], model: "λ") + (try readAs(4, [fresh[1]], model: "λ")) >= 1, true)
        XCTAssertEqual(try scrawl(["models", "delete", "λ"]).status, 0)
        XCTAssertTrue(try scrawl(["models"]).stdout.contains("no personal models yet"))
    }

    func testBadInputGetsAClearErrorAndLosesNothing() throws {
        var rng = SeededGenerator(seed: 3)
        func expect(_ arguments: [String], status: Int32, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let out = try scrawl(arguments)
            XCTAssertEqual(out.status, status, out.stderr, file: file, line: line)
            XCTAssertTrue(out.stderr.contains(text), "\(arguments): \(out.stderr)", file: file, line: line)
        }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try expect(["teach", "x", "--examples", dir + "/empty"], status: 1, "has no label folders")
        try FileManager.default.createDirectory(atPath: dir + "/nopng/3", withIntermediateDirectories: true)
        try expect(["teach", "x", "--examples", dir + "/nopng"], status: 1, "has no PNGs")
        try write(lambda(&rng), to: dir + "/single/4/a.png")
        try expect(["teach", "x", "--examples", dir + "/single"], status: 1, "label 4 has 1 example; at least 2 are needed")
        try expect(["teach", "", "--examples", dir + "/single"], status: 1, "a model needs a name")
        try expect(["teach", "a/b", "--examples", dir + "/single"], status: 1, "cannot contain \"/\"")
        try expect(["teach", "built-in", "--examples", dir + "/single"], status: 1, "the shipped model's name")
        try expect(["teach", "x"], status: 2, "--examples DIR is required")
        try expect(["recognize", "--model", "nobody", dir + "/single/4/a.png"], status: 1, "no model file or personal model called \"nobody\"")
        try expect(["models", "delete", "nobody"], status: 1, "no personal model called \"nobody\"")
        // Blank and unreadable pictures are named and skipped; the others teach.
        for i in 0 ..< 3 { try write(lambda(&rng), to: dir + "/mixed/4/good\(i).png") }
        try write(Drawing(), to: dir + "/mixed/4/blank.png")
        try "not a picture".write(toFile: dir + "/mixed/4/notes.png", atomically: true, encoding: .utf8)
        let mixed = try scrawl(["teach", "mixed", "--examples", dir + "/mixed", "--epochs", "1"])
        XCTAssertEqual(mixed.status, 0, mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("4/blank.png: blank") && mixed.stderr.contains("4/notes.png"), mixed.stderr)
        XCTAssertTrue(mixed.stdout.contains("3 examples"), mixed.stdout)
        try expect(["models", "rename", "mixed", "a/b"], status: 1, "cannot contain \"/\"")
        XCTAssertEqual(try scrawl(["teach", "other", "--examples", dir + "/mixed", "--epochs", "1"]).status, 0)
        try expect(["models", "rename", "mixed", "other"], status: 1, "already a model called \"other\"")
        XCTAssertEqual(try scrawl(["models"]).stdout.split(separator: "\n").count, 2, "both models intact")
    }
}
