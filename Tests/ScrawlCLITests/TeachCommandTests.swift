import Foundation
import ScrawlCLI
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

    func write(_ drawing: Drawing, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try PNGCodec.save(Rasterizer.renderForDisplay(drawing), to: path)
    }

    /// How many of `files` the model reads as `digit`, each read as one symbol: what is tested is
    /// what the model learnt, not how the number reader cuts a wide drawing (a squashed λ can be
    /// wider than tall, which the number reader may slice).
    func readAs(_ digit: Int, _ files: [String], model: String?) throws -> Int {
        let out = try scrawl(["recognize", "--json", "--single"] + (model.map { ["--model", $0] } ?? []) + files)
        XCTAssertEqual(out.status, 0, out.stderr)
        return try out.lines.filter { line in
            let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return o["digit"] as? Int == digit
        }.count
    }

    func testTeachingReadsWhatItWasShownKeepsTheRestAndImproves() throws {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        let writer = SeededGenerator(seed: rng.next())
        for i in 0 ..< 6 { try write(TestDrawings.lambda(writer, &rng), to: dir + "/examples/4/lambda\(i).png") }
        let fresh = try (0 ..< 6).map { i -> String in
            let path = dir + "/fresh/lambda\(i).png"
            try write(TestDrawings.lambda(writer, &rng), to: path)
            return path
        }
        let one = dir + "/fresh/one.png"
        try write(Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 300), Point(280, 460)], width: 22)]), to: one)
        // Some writers' λs look like a 4 now and then (3 of 6 in about one seed in 60): the premise
        // is that the shipped model does not read most of them as one already.
        XCTAssertLessThanOrEqual(try readAs(4, fresh, model: nil), 3, "seed \(seed): the shipped model reads a λ as a 4 already")

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
        for i in 0 ..< 3 { try write(TestDrawings.lambda(writer, &rng), to: dir + "/more/4/lambda\(i).png") }
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

    /// Labels beyond digits: symbols taught besides the digits, or instead of them; the answers
    /// name them on the command line, and a label folder's name must be able to name a label.
    func testTeachingSymbolsBesidesOrInsteadOfTheDigits() throws {
        let seed = TestSeed.make()
        var rng = SeededGenerator(seed: seed)
        let symbols = ["+", "A", "π"]
        var fresh: [(symbol: String, path: String)] = []
        for symbol in symbols {
            for i in 0 ..< 5 { try write(SymbolFixtures.drawing(of: symbol, writer: 1, pen: 22, otherWay: 0, rng: &rng), to: dir + "/symbols/\(symbol)/\(i).png") }
            for i in 0 ..< 4 {
                fresh.append((symbol, dir + "/fresh/\(symbol)-\(i).png"))
                try write(SymbolFixtures.drawing(of: symbol, writer: 1, pen: 22, otherWay: 0, rng: &rng), to: fresh.last!.path)
            }
        }
        let one = dir + "/fresh/one.png"
        try write(Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 300), Point(280, 460)], width: 22)]), to: one)
        func answers(_ model: String, _ files: [String]) throws -> [[String: Any]] {
            let out = try scrawl(["recognize", "--json", "--model", model] + files)
            XCTAssertEqual(out.status, 0, out.stderr)
            return try out.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }

        let taught = try scrawl(["teach", "symbols", "--examples", dir + "/symbols", "--epochs", "4"])
        XCTAssertEqual(taught.status, 0, taught.stderr)
        XCTAssertTrue(taught.stdout.contains("labels: 0 1 2 3 4 5 6 7 8 9 + A π (none of these)"), taught.stdout)
        let read = try answers("symbols", fresh.map(\.path) + [one])
        let right = zip(fresh, read).filter { $0.1["label"] as? String == $0.0.symbol }.count
        XCTAssertGreaterThanOrEqual(right, 10, "seed \(seed): new drawings of the taught symbols: \(read.map { $0["label"] ?? "-" })")
        XCTAssertTrue(read[0]["digit"] is NSNull, "a symbol is no digit")
        XCTAssertEqual(read.last?["digit"] as? Int, 1, "the digits are still read")
        XCTAssertEqual(read.last?["label"] as? String, "1")
        XCTAssertEqual((read[0]["labels"] as? [String])?.suffix(3), ["+", "A", "π"])
        let anA = try XCTUnwrap(zip(fresh, read).first { $0.1["label"] as? String == "A" }?.0.path)
        let plain = try scrawl(["recognize", "--model", "symbols", anA])
        XCTAssertTrue(plain.stdout.hasPrefix("\(anA): A ("), "the plain output names the label: \(plain.stdout)")
        let listed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try scrawl(["models", "--json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual((listed["labels"] as? [Any])?.count, 14)
        let scored = try scrawl(["evaluate", "--model", "symbols", "--examples", dir + "/symbols"])
        XCTAssertTrue(scored.stdout.contains("of 15 right") && scored.stdout.contains("   π"), scored.stdout)

        // Only the taught labels: no digit is an answer any more.
        let only = try scrawl(["teach", "only", "--examples", dir + "/symbols", "--epochs", "4", "--only-taught-labels"])
        XCTAssertEqual(only.status, 0, only.stderr)
        XCTAssertTrue(only.stdout.contains("labels: + A π (none of these)"), only.stdout)
        let onlyRead = try answers("only", fresh.map(\.path) + [one])
        XCTAssertGreaterThanOrEqual(zip(fresh, onlyRead).filter { $0.1["label"] as? String == $0.0.symbol }.count, 10, "seed \(seed)")
        XCTAssertTrue(onlyRead.allSatisfy { $0["digit"] is NSNull })

        try FileManager.default.createDirectory(atPath: dir + "/spaced/a b", withIntermediateDirectories: true)
        let spaced = try scrawl(["teach", "x", "--examples", dir + "/spaced"])
        XCTAssertEqual(spaced.status, 1)
        XCTAssertTrue(spaced.stderr.contains("a b cannot name a label") && spaced.stderr.contains("contains a space"), spaced.stderr)
    }

    func testBadInputGetsAClearErrorAndLosesNothing() throws {
        var rng = SeededGenerator(seed: 3)
        let writer = SeededGenerator(seed: 3)
        func expect(_ arguments: [String], status: Int32, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let out = try scrawl(arguments)
            XCTAssertEqual(out.status, status, out.stderr, file: file, line: line)
            XCTAssertTrue(out.stderr.contains(text), "\(arguments): \(out.stderr)", file: file, line: line)
        }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try expect(["teach", "x", "--examples", dir + "/empty"], status: 1, "has no label folders")
        try FileManager.default.createDirectory(atPath: dir + "/nopng/3", withIntermediateDirectories: true)
        try expect(["teach", "x", "--examples", dir + "/nopng"], status: 1, "has no PNGs")
        try write(TestDrawings.lambda(writer, &rng), to: dir + "/single/4/a.png")
        try expect(["teach", "x", "--examples", dir + "/single"], status: 1, "label 4 has 1 example; at least 2 are needed")
        try expect(["teach", "", "--examples", dir + "/single"], status: 1, "a model needs a name")
        try expect(["teach", "a/b", "--examples", dir + "/single"], status: 1, "cannot contain “/”")
        try expect(["teach", "built-in", "--examples", dir + "/single"], status: 1, "the shipped model's name")
        try expect(["teach", "x"], status: 2, "--examples DIR is required")
        try expect(["recognize", "--model", "nobody", dir + "/single/4/a.png"], status: 1, "no model file or personal model called \"nobody\"")
        try expect(["models", "delete", "nobody"], status: 1, "no personal model called “nobody”")
        // Blank and unreadable pictures are named and skipped; the others teach.
        for i in 0 ..< 3 { try write(TestDrawings.lambda(writer, &rng), to: dir + "/mixed/4/good\(i).png") }
        try write(Drawing(), to: dir + "/mixed/4/blank.png")
        try "not a picture".write(toFile: dir + "/mixed/4/notes.png", atomically: true, encoding: .utf8)
        let mixed = try scrawl(["teach", "mixed", "--examples", dir + "/mixed", "--epochs", "1"])
        XCTAssertEqual(mixed.status, 0, mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("4/blank.png: blank") && mixed.stderr.contains("4/notes.png"), mixed.stderr)
        XCTAssertTrue(mixed.stdout.contains("3 examples"), mixed.stdout)
        try expect(["models", "rename", "mixed", "a/b"], status: 1, "cannot contain “/”")
        XCTAssertEqual(try scrawl(["teach", "other", "--examples", dir + "/mixed", "--epochs", "1"]).status, 0)
        try expect(["models", "rename", "mixed", "other"], status: 1, "already a model called “other”")
        XCTAssertEqual(try scrawl(["models"]).stdout.split(separator: "\n").count, 2, "both models intact")
    }

    /// A kill during teaching, and a disk that fills up before the model is written: the model
    /// taught before and its examples stay whole.
    func testAKillOrAFullDiskMidTeachingLosesNothing() throws {
        var rng = SeededGenerator(seed: 4)
        let writer = SeededGenerator(seed: 4)
        for i in 0 ..< 3 { try write(TestDrawings.lambda(writer, &rng), to: dir + "/examples/4/l\(i).png") }
        for i in 0 ..< 3 { try write(TestDrawings.lambda(writer, &rng), to: dir + "/more/4/l\(i).png") }
        let mount = dir + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try Subprocess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount]).status == 0
        defer { if mounted { _ = try? Subprocess.run("/bin/umount", [mount]) } }
        if mounted { environment["XDG_DATA_HOME"] = mount }
        let data = environment["XDG_DATA_HOME"]!
        XCTAssertEqual(try scrawl(["teach", "kept", "--examples", dir + "/examples", "--epochs", "1"]).status, 0)
        let models = PersonalModelStore(folder: data + "/scrawl/models")
        let model = try Data(contentsOf: URL(fileURLWithPath: models.modelPath("kept")))
        let manifest = try models.manifest("kept")

        // Killed mid-run.
        let run = try Subprocess(try ScrawlProcess.binary(), ["teach", "kept", "--examples", dir + "/more", "--epochs", "200"],
                                 environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        usleep(2_500_000)
        XCTAssertTrue(run.isRunning, "still teaching when killed")
        kill(run.pid, SIGKILL)
        _ = run.wait()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: models.modelPath("kept"))), model, "the model is whole")
        XCTAssertEqual(try models.manifest("kept"), manifest)
        XCTAssertEqual(models.examples(of: "kept").count, 3, "the examples too, and no half-written one")

        // A full disk (where a small tmpfs can be mounted): the new model cannot be written.
        guard mounted else { throw XCTSkip("cannot mount a small tmpfs here (needs root): the full-disk half is skipped") }
        let free = try FileManager.default.attributesOfFileSystem(forPath: mount)[.systemFreeSize] as? Int ?? 0
        try Data(count: max(0, free - 600_000)).write(to: URL(fileURLWithPath: mount + "/filler"))
        let full = try scrawl(["teach", "kept", "--examples", dir + "/more", "--epochs", "1"])
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stderr.contains("was not saved") && full.stderr.contains("space"), full.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: models.modelPath("kept"))), model, "the model is whole")
        XCTAssertEqual(try models.manifest("kept"), manifest)
        XCTAssertEqual(models.examples(of: "kept").count, 3)
    }
}
