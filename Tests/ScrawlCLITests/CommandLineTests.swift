import Foundation
import XCTest
import ScrawlRecognition
import ScrawlTestSupport

/// The `scrawl` command line end to end, on PNGs drawn for the test.
final class CommandLineTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try ScrawlProcess.temporaryFolder("scrawl-cli")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes the hand-drawn check's first style of `digit` as a 560x560 PNG.
    func drawDigit(_ digit: Int, name: String, size: Double = 300, width: Double = 24, invert: Bool = false) throws -> String {
        let check = try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
        let sample = try XCTUnwrap(check.samples.first { $0.digit == digit })
        var image = Rasterizer.renderForDisplay(HandwritingCheck.drawing(of: sample, size: size, width: width, x: 100, y: 120))
        if invert { for i in stride(from: 0, to: image.rgba.count, by: 4) { for c in 0 ..< 3 { image.rgba[i + c] = 255 - image.rgba[i + c] } } }
        let path = dir + "/" + name
        try PNGCodec.save(image, to: path)
        return path
    }

    func testHelp() throws {
        let top = try ScrawlProcess.run(["--help"])
        XCTAssertEqual(top.status, 0)
        for command in ["recognize", "evaluate", "train", "bench"] { XCTAssertTrue(top.stdout.contains(command), command) }
        let sub = try ScrawlProcess.run(["recognize", "--help"])
        XCTAssertEqual(sub.status, 0)
        XCTAssertTrue(sub.stdout.contains("--json"))
        let bad = try ScrawlProcess.run(["frobnicate"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("unknown command 'frobnicate'"))
        let badOption = try ScrawlProcess.run(["recognize", "--colour", "x.png"])
        XCTAssertEqual(badOption.status, 2)
        XCTAssertTrue(badOption.stderr.contains("unknown option --colour"))
        let rateAlone = try ScrawlProcess.run(["train", "--average-lr", "3e-4", "--output", dir + "/never.scrawl"])
        XCTAssertEqual(rateAlone.status, 2)
        XCTAssertTrue(rateAlone.stderr.contains("--average-lr needs --average-last N"), rateAlone.stderr)
        let decay = try ScrawlProcess.run(["train", "--weight-decay", "-1", "--output", dir + "/never.scrawl"])
        XCTAssertEqual(decay.status, 2)
        XCTAssertTrue(decay.stderr.contains("--weight-decay needs a positive number, got '-1'"), decay.stderr)
        let share = try ScrawlProcess.run(["train", "--teacher-share", "1.5", "--output", dir + "/never.scrawl"])
        XCTAssertEqual(share.status, 2)
        XCTAssertTrue(share.stderr.contains("--teacher-share takes a fraction from 0 to 1"), share.stderr)
    }

    func testRecognizesDrawnDigitsInEitherPolarity() throws {
        let three = try drawDigit(3, name: "three.png")
        let seven = try drawDigit(7, name: "seven dark ü.png", size: 200, width: 40, invert: true)
        let out = try ScrawlProcess.run(["recognize", three, seven])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.lines.count, 2)
        XCTAssertTrue(out.lines[0].hasPrefix("\(three): 3 ("), out.lines[0])
        XCTAssertTrue(out.lines[1].hasPrefix("\(seven): 7 ("), out.lines[1])
        XCTAssertTrue(out.lines[0].contains("top 3: 3 "), out.lines[0])
    }

    func testJSONLinesAndPartialFailure() throws {
        let four = try drawDigit(4, name: "four.png")
        let blank = dir + "/blank.png"
        try PNGCodec.save(RGBAImage(width: 50, height: 50, rgba: [UInt8](repeating: 255, count: 50 * 50 * 4)), to: blank)
        let junk = dir + "/junk.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: junk))
        let out = try ScrawlProcess.run(["recognize", "--json", four, blank, junk, dir + "/missing.png"])
        XCTAssertEqual(out.status, 1, "some files failed")
        let objects = try out.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.count, 4, "every file answered")
        XCTAssertEqual(objects[0]["file"] as? String, four)
        XCTAssertEqual(objects[0]["digit"] as? Int, 4)
        let probs = try XCTUnwrap(objects[0]["probabilities"] as? [Double])
        XCTAssertEqual(probs.count, 10)
        XCTAssertEqual(probs.reduce(0, +), 1, accuracy: 1e-3)
        XCTAssertEqual(objects[0]["confidence"] as? Double ?? -1, probs[4], accuracy: 1e-6)
        XCTAssertTrue((objects[1]["error"] as? String ?? "").contains("empty"), "\(objects[1])")
        XCTAssertTrue((objects[2]["error"] as? String ?? "").contains("not a PNG image (it looks like a text file)"), "\(objects[2])")
        XCTAssertTrue((objects[3]["error"] as? String ?? "").contains("no such file"), "\(objects[3])")
        XCTAssertNil(objects[1]["digit"], "a blank image is never guessed at")
    }

    /// Writes the hand-drawn check's digits side by side as one PNG.
    func drawNumber(_ digits: [Int], name: String) throws -> String {
        let check = try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
        var strokes: [Stroke] = []
        for (k, d) in digits.enumerated() {
            let sample = try XCTUnwrap(check.samples.first { $0.digit == d })
            strokes += HandwritingCheck.drawing(of: sample, size: 150, width: 14, x: 30 + Double(k) * 140, y: 40).strokes
        }
        return try savePicture(Rasterizer.renderInk(strokes, width: 60 + digits.count * 140, height: 230), name: name)
    }

    /// Writes `ink` as a PNG, dark on white paper.
    func savePicture(_ ink: GrayImage, name: String) throws -> String {
        let path = dir + "/" + name
        try PNGCodec.save(RGBAImage(paper: ink), to: path)
        return path
    }

    func testANumberIsReadDigitByDigit() throws {
        let number = try drawNumber([2, 0, 2, 6], name: "year.png")
        let plain = try ScrawlProcess.run(["recognize", number])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.hasPrefix("\(number): 2026 ("), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("digits: 2 "), plain.stdout)

        let json = try ScrawlProcess.run(["recognize", "--json", number])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["number"] as? String, "2026")
        let digits = try XCTUnwrap(object["digits"] as? [[String: Any]])
        XCTAssertEqual(digits.compactMap { $0["digit"] as? Int }, [2, 0, 2, 6])
        var product = 1.0, lastRight = 0.0
        for d in digits {
            let probs = try XCTUnwrap(d["probabilities"] as? [Double])
            XCTAssertEqual(probs.count, 10)
            let confidence = try XCTUnwrap(d["confidence"] as? Double)
            XCTAssertEqual(confidence, probs[try XCTUnwrap(d["digit"] as? Int)], accuracy: 1e-6)
            product *= confidence
            let box = try XCTUnwrap(d["box"] as? [Double])
            XCTAssertEqual(box.count, 4)
            XCTAssertGreaterThanOrEqual(box[0], lastRight - 1, "boxes left to right, apart: \(digits)")
            lastRight = box[2]
        }
        XCTAssertEqual(object["confidence"] as? Double ?? -1, product, accuracy: 1e-4)
        XCTAssertNil(object["digit"], "a number has no single digit field")

        // --single reads the picture as one digit, as before numbers were read.
        let single = try ScrawlProcess.run(["recognize", "--json", "--single", number])
        let one = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        XCTAssertNil(one["number"])
        XCTAssertNotNil(one["probabilities"])

        // Recorded in the history as a number, with each digit's confidence.
        let data = dir + "/data"
        let recorded = try ScrawlProcess.run(["recognize", "--record", number], environment: ["XDG_DATA_HOME": data])
        XCTAssertEqual(recorded.status, 0, recorded.stderr)
        let history = try HistoryStore(folder: data + "/scrawl")
        XCTAssertEqual(history.entries.map(\.number), ["2026"])
        XCTAssertEqual(history.entries.first?.digitConfidences?.count, 4)
        XCTAssertTrue(history.csv().contains(",2026,"), history.csv())
    }

    /// README's whole-number figures, on fewer numbers and drawings that are not numbers (the
    /// same seeded compositions and drawings each run).
    func testWholeNumbersComposedFromRealPenTrajectories() throws {
        let pendigits = try ScrawlProcess.pendigits()
        let out = try ScrawlProcess.run(["evaluate", "--json", "--only", "numbers", "--numbers", "120", "--pendigits", pendigits,
                                         "--save-failures", dir + "/failures"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        let cases = try XCTUnwrap(result["numbers"] as? [[String: Any]])
        func figure(_ name: String) throws -> (strokes: Double, png: Double) {
            let c = try XCTUnwrap(cases.first { $0["case"] as? String == name }, "\(cases)")
            XCTAssertEqual(c["numbers"] as? Int, 120)
            return (c["strokes"] as? Double ?? 0, c["png"] as? Double ?? 0)
        }
        let separated = try figure("4 digits, separated"), touching = try figure("4 digits, touching"), long = try figure("10 digits, separated")
        XCTAssertGreaterThanOrEqual(separated.strokes, 0.97); XCTAssertGreaterThanOrEqual(separated.png, 0.95)
        XCTAssertGreaterThanOrEqual(touching.strokes, 0.97); XCTAssertGreaterThanOrEqual(touching.png, 0.88)
        // Two digits run together are as compact as one letter: they stay two digits.
        let pair = try figure("2 digits, touching")
        XCTAssertGreaterThanOrEqual(pair.strokes, 0.97); XCTAssertGreaterThanOrEqual(pair.png, 0.9)
        XCTAssertGreaterThanOrEqual(long.strokes, 0.95); XCTAssertGreaterThanOrEqual(long.png, 0.92)
        let single = try XCTUnwrap(cases.first { $0["case"] as? String == "1 digit" }?["single_digit_path"] as? [String: Double])
        XCTAssertGreaterThanOrEqual(try figure("1 digit").strokes, (single["strokes"] ?? 1) - 0.02, "a digit alone reads almost as the single-digit path")
        // Wide letters, shapes and scribbles: no digit in most readings (a heart's slices are not 6, 5, 5 and 7).
        let wide = try XCTUnwrap(result["non_numbers"] as? [String: Any], "\(result.keys)")
        XCTAssertEqual(wide["drawings"] as? Int, 120)
        XCTAssertGreaterThanOrEqual(wide["strokes"] as? Double ?? 0, 0.7, "\(wide)")
        XCTAssertGreaterThanOrEqual(wide["png"] as? Double ?? 0, 0.65, "\(wide)")
        // The same drawings as usually drawn, through the reader the window uses (from strokes,
        // an n's stem and arch are not "17"; as pictures, a V's ink in one line is not "11", nor
        // an h's forking ink "14").
        let usual = try XCTUnwrap(result["non_numbers_usual"] as? [String: Any], "\(result.keys)")
        XCTAssertEqual(usual["drawings"] as? Int, 120)
        XCTAssertGreaterThanOrEqual(usual["strokes"] as? Double ?? 0, 0.95, "\(usual)")
        XCTAssertGreaterThanOrEqual(usual["png"] as? Double ?? 0, 0.87, "\(usual)")
        // The wide drawings read with a digit are saved to look at (the first 20), named by kind.
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir + "/failures").filter { $0.hasPrefix("wide-") }
        let misread = Int((120 * (1 - min(wide["strokes"] as? Double ?? 0, wide["png"] as? Double ?? 0))).rounded())
        XCTAssertTrue((min(20, misread) ... 20).contains(saved.count), "\(saved.count) saved, \(misread) or more read with a digit")
        for name in saved {   // wide-INDEX-KIND-as-STROKES-PICTURE.png
            let kind = name.split(separator: "-", maxSplits: 2)[2].components(separatedBy: "-as-")[0]
            XCTAssertTrue(NonDigits.kinds.contains(kind), name)
        }
    }

    func testANonDigitIsAnAnswerNotAnError() throws {
        // A smiley: a face, two eyes, a mouth.
        var drawing = Drawing()
        let face = (0 ... 40).map { i in Point(280 + 150 * cos(Double(i) / 40 * 2 * .pi), 280 + 150 * sin(Double(i) / 40 * 2 * .pi)) }
        let mouth = (0 ... 12).map { i in Point(280 + 85 * cos(0.2 * .pi + Double(i) / 12 * 0.6 * .pi), 290 + 70 * sin(0.2 * .pi + Double(i) / 12 * 0.6 * .pi)) }
        drawing.strokes = [face, [Point(230, 230)], [Point(330, 230)], mouth].map { Stroke(points: $0, width: 20) }
        let smiley = dir + "/smiley.png"
        try PNGCodec.save(Rasterizer.renderForDisplay(drawing), to: smiley)
        let four = try drawDigit(4, name: "four.png")
        let plain = try ScrawlProcess.run(["recognize", smiley, four])
        XCTAssertEqual(plain.status, 0, "not a digit is an answer: \(plain.stderr)")
        XCTAssertTrue(plain.lines[0].hasPrefix("\(smiley): not a digit ("), plain.stdout)
        XCTAssertTrue(plain.lines[1].hasPrefix("\(four): 4 ("), plain.stdout)
        let json = try ScrawlProcess.run(["recognize", "--json", smiley, four])
        XCTAssertEqual(json.status, 0, json.stderr)
        let objects = try json.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertTrue(objects[0]["digit"] is NSNull, "digit is null: \(objects[0])")
        XCTAssertTrue((objects[0]["not_a_digit"] as? String ?? "").contains("more than any digit"), "\(objects[0])")
        let p = try XCTUnwrap(objects[0]["not_a_digit_probability"] as? Double)
        XCTAssertEqual(objects[0]["confidence"] as? Double ?? -1, p, accuracy: 1e-6)
        XCTAssertEqual(objects[1]["digit"] as? Int, 4)
        XCTAssertNil(objects[1]["not_a_digit"])
        XCTAssertLessThan(objects[1]["not_a_digit_probability"] as? Double ?? 1, 0.5)
    }

    /// Blots (a fat pen's touch, a dot of any size, dots one above another or in a row, a filled
    /// bar) are no digits. Each slice of a blot looks like a fat 1, and before a cut down a blot's
    /// whole height cost anything, a lone dot read as "11111".
    func testBlotsAreNotReadAsOnes() throws {
        let dots: [(String, [(Double, Double)], Double)] = [8, 14, 20, 28, 34, 40, 60, 90, 140].map { ("dot\($0)", [(200, 200)], Double($0)) }
        let blots = dots + [("stacked", [(200, 150), (200, 190)], 20), ("row", [(100, 200), (200, 190), (300, 210)], 16)]
        var paths = try blots.map { name, centres, width in
            let strokes = centres.map { Stroke(points: [Point($0.0, $0.1)], width: width) }
            return try savePicture(Rasterizer.renderInk(strokes, width: 400, height: 400), name: "\(name).png")
        }
        var bar = GrayImage(width: 400, height: 300)
        for y in 100 ..< 200 { for x in 50 ..< 350 { bar[x, y] = 1 } }
        paths.append(try savePicture(bar, name: "bar.png"))
        let json = try ScrawlProcess.run(["recognize", "--json"] + paths)
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(json.lines.count, paths.count, json.stdout)
        for line in json.lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let digits = (object["digits"] as? [[String: Any]] ?? []).compactMap { $0["digit"] as? Int }
            XCTAssertTrue(object["digit"] is NSNull || object["number"] != nil, line)
            XCTAssertEqual(digits, [], "a blot read as digits: \(line.prefix(300))")
            XCTAssertNil(object["digit"] as? Int, "a blot read as a digit: \(line.prefix(300))")
        }
    }

    func testUnreadablePNGIsNamed() throws {
        let four = try drawDigit(4, name: "four.png")
        let locked = try drawDigit(7, name: "locked.png")
        XCTAssertEqual(chmod(locked, 0), 0)
        // Root reads any file, so as root the command runs as the unprivileged user "nobody".
        var launcher: [String] = []
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("running as root without setpriv") }
            XCTAssertEqual(chmod(dir, 0o755), 0)
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        let out = try ScrawlProcess.run(["recognize", four, locked], environment: ["HOME": dir], launcher: launcher)
        XCTAssertEqual(out.status, 1, "one file could not be answered: \(out.stderr)")
        XCTAssertTrue(out.lines.first?.hasPrefix("\(four): 4 (") ?? false, out.stdout)
        XCTAssertTrue(out.stderr.contains(locked) && out.stderr.contains("permission denied"), out.stderr)
    }

    /// Under a German locale the messages are German (even where that locale is not installed:
    /// LANG alone is enough) and what scripts read on stdout is unchanged.
    func testMessagesFollowTheLanguageAndWhatScriptsReadDoesNot() throws {
        let catalog = URL(fileURLWithPath: try ScrawlProcess.binary()).deletingLastPathComponent().appendingPathComponent("locale/de/LC_MESSAGES/scrawl.mo").path
        guard FileManager.default.fileExists(atPath: catalog) else {
            return XCTFail("no German catalog at \(catalog): build with ./meson-helper.sh build, which compiles Resources/po")
        }
        let four = try drawDigit(4, name: "four.png")
        let junk = dir + "/junk.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: junk))
        let english = try ScrawlProcess.run(["recognize", four, junk], environment: ["LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""])
        let german = try ScrawlProcess.run(["recognize", four, junk], environment: ["LANG": "de_DE.UTF-8", "LANGUAGE": "", "LC_ALL": ""])
        XCTAssertEqual(german.status, 1)
        XCTAssertTrue(english.stderr.contains("not a PNG image (it looks like a text file)"), english.stderr)
        XCTAssertTrue(german.stderr.contains("kein PNG-Bild (es sieht aus wie eine Textdatei)"), german.stderr)
        XCTAssertEqual(german.stdout, english.stdout, "the answers scripts read are the same in every language")
        XCTAssertTrue(german.lines.first?.hasPrefix("\(four): 4 (") ?? false, german.stdout)
    }

    func testWrongModelFileIsNamed() throws {
        let four = try drawDigit(4, name: "four.png")
        let model = dir + "/broken.scrawl"
        try Data("SCRAWLNN".utf8).write(to: URL(fileURLWithPath: model))
        let out = try ScrawlProcess.run(["recognize", "--model", model, four])
        XCTAssertEqual(out.status, 1)
        XCTAssertTrue(out.stderr.contains("truncated"), out.stderr)
    }

    func testModelDescribeNamesWhatRunsForEachLayer() throws {
        // The shipped model: BatchNorm before each ReLU, folded into the convolution for inference.
        let shipped = try ScrawlProcess.run(["model", "describe"])
        XCTAssertEqual(shipped.status, 0, shipped.stderr)
        let lines = shipped.stdout.split(separator: "\n").map(String.init)
        let inference = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("inference plan") })
        XCTAssertTrue(lines[inference + 1].contains("layers 0-2") && lines[inference + 1].contains("BN folded into weights")
                      && lines[inference + 1].contains("ReLU epilogue"), lines[inference + 1])
        // The peer CNN in training: its first convolution, ReLU and pool image by image.
        let peer = try ScrawlProcess.run(["model", "describe", "--arch", "peer", "--freeze", "3"])
        XCTAssertEqual(peer.status, 0, peer.stderr)
        XCTAssertTrue(peer.stdout.contains("training plan: 17 stages, input 28x28x1, layers 0-2 frozen"), peer.stdout)
        let layer3 = try XCTUnwrap(peer.stdout.split(separator: "\n").first { $0.contains("layers 3-4") && $0.contains("weight gradient") })
        XCTAssertTrue(layer3.contains("no input gradient"), "the lowest layer that learns: \(layer3)")
        let tooMany = try ScrawlProcess.run(["model", "describe", "--arch", "peer", "--freeze", "99"])
        XCTAssertEqual(tooMany.status, 2)
        XCTAssertTrue(tooMany.stderr.contains("--freeze"), tooMany.stderr)
    }

    func testShippedModelAccuracyOnMNISTAndTheHandDrawnCheck() throws {
        let mnist = try ScrawlProcess.mnist()
        // Every part evaluate runs by default; the numbers few (testWholeNumbersComposedFromRealPenTrajectories scores them).
        let out = try ScrawlProcess.run(["evaluate", "--json", "--mnist", mnist, "--numbers", "20"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let accuracy = try XCTUnwrap(result["mnist_accuracy"] as? Double)
        XCTAssertGreaterThanOrEqual(accuracy, 0.995, "the shipped model reads 99.6% of the MNIST test set (99.5% allows other builds' rounding)")
        let hand = try XCTUnwrap(result["handwriting"] as? [String: Any])
        XCTAssertGreaterThanOrEqual(hand["vector"] as? Double ?? 0, 0.99, "\(hand)")
        XCTAssertGreaterThanOrEqual(hand["raster"] as? Double ?? 0, 0.985, "\(hand)")
        XCTAssertLessThanOrEqual(result["mnist_rejected"] as? Double ?? 1, 0.005, "MNIST digits wrongly rejected")
    }

    /// A teacher that cannot be read, or that answers other outputs than the network it would
    /// teach, is refused by name before any training.
    func testTeachersMustAnswerTheNetworksOutputs() throws {
        let mnist = try ScrawlProcess.mnist()
        let shipped = ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path
        let missing = try ScrawlProcess.run(["train", "--mnist", mnist, "--teachers", shipped + "," + dir + "/none.scrawl",
                                             "--output", dir + "/never.scrawl"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--teachers: \(dir)/none.scrawl: cannot read model file"), missing.stderr)
        let ten = try ScrawlProcess.run(["train", "--mnist", mnist, "--non-digits", "0", "--teachers", shipped, "--output", dir + "/never.scrawl"])
        XCTAssertEqual(ten.status, 2)
        XCTAssertTrue(ten.stderr.contains("--teachers: \(shipped) answers 0 1 2 3 4 5 6 7 8 9 not a digit, not the network's 0 1 2 3 4 5 6 7 8 9"),
                      ten.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/never.scrawl"))
    }

    /// `train --members 2 --seed 5` trains the networks that runs with seeds 5 and 6 train, one
    /// after the other, and writes them as one model; `model combine` of those two runs makes the
    /// same model. Models that do not answer alike are not combined.
    func testMembersAreTheNetworksOfSeparateRunsAndCombineJoinsThem() throws {
        let mnist = try ScrawlProcess.mnist()
        let quick = ["train", "--mnist", mnist, "--no-pendigits", "--non-digits", "0", "--limit", "300", "--epochs", "1"]
        let both = try ScrawlProcess.run(quick + ["--members", "2", "--seed", "5", "--output", dir + "/both.scrawl"])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stderr.contains("network 2/2 epoch 1: test accuracy"), both.stderr)
        XCTAssertTrue(both.stderr.contains("the 2 networks as one: test accuracy"), both.stderr)
        for seed in ["5", "6"] {
            let run = try ScrawlProcess.run(quick + ["--seed", seed, "--output", dir + "/seed\(seed).scrawl"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let combine = try ScrawlProcess.run(["model", "combine", dir + "/seed5.scrawl", dir + "/seed6.scrawl", "--output", dir + "/combined.scrawl"],
                                            environment: ["MNIST_DIR": mnist])
        XCTAssertEqual(combine.status, 0, combine.stderr)
        let trained = try ModelFile.loadNetworks(path: dir + "/both.scrawl"), combined = try ModelFile.loadNetworks(path: dir + "/combined.scrawl")
        XCTAssertEqual(trained.count, 2)
        XCTAssertEqual(trained.map { $0.storedTensors.map(\.value) }, combined.map { $0.storedTensors.map(\.value) })
        XCTAssertEqual(trained[0].metadata["test_accuracy"], combined[0].metadata["test_accuracy"], "both score the mean answer")
        XCTAssertTrue(combine.stdout.contains("2 networks, test accuracy \(try XCTUnwrap(trained[0].metadata["test_accuracy"]))"), combine.stdout)

        let shipped = ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path
        let unlike = try ScrawlProcess.run(["model", "combine", dir + "/seed5.scrawl", shipped, "--output", dir + "/never.scrawl"])
        XCTAssertEqual(unlike.status, 2)
        XCTAssertTrue(unlike.stderr.contains("\(shipped) answers 0 1 2 3 4 5 6 7 8 9 not a digit from 28x28x1 inputs, not 0 1 2 3 4 5 6 7 8 9"), unlike.stderr)
        let resume = try ScrawlProcess.run(quick + ["--members", "2", "--resume", dir + "/seed5.scrawl", "--output", dir + "/never.scrawl"])
        XCTAssertEqual(resume.status, 2)
        XCTAssertTrue(resume.stderr.contains("--resume continues one network"), resume.stderr)
        let oneOfTwo = try ScrawlProcess.run(quick + ["--resume", dir + "/both.scrawl", "--output", dir + "/never.scrawl"])
        XCTAssertEqual(oneOfTwo.status, 1)
        XCTAssertTrue(oneOfTwo.stderr.contains("holds 2 networks read as one"), oneOfTwo.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/never.scrawl"))
    }

    /// `--save-failures` writes every MNIST test image the model reads wrongly, named by its
    /// index, its label and the answer, beside what the network read after preprocessing.
    func testMNISTMissesAreSavedAsPictures() throws {
        let mnist = try ScrawlProcess.mnist()
        let out = try ScrawlProcess.run(["evaluate", "--json", "--only", "mnist", "--mnist", mnist, "--save-failures", dir + "/misses"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        let correct = try XCTUnwrap(result["mnist_correct"] as? Int)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/misses").filter { $0.hasPrefix("mnist-") }
        XCTAssertEqual(files.count, 10000 - correct, "one picture per miss")
        let labels = try MNIST.load(folder: mnist, train: false).labels
        for file in files {
            let parts = file.dropLast(4).split(separator: "-")   // mnist, index, label, as, answer
            XCTAssertEqual(parts.count, 5, file)
            let index = try XCTUnwrap(Int(parts[1]), file)
            XCTAssertEqual(String(labels[index]), String(parts[2]), "\(file) names test image \(index)'s label")
            XCTAssertNotEqual(parts[2], parts[4], "\(file) is a miss")
        }
        let picture = try PNGCodec.load(path: dir + "/misses/" + XCTUnwrap(files.first))
        XCTAssertEqual([picture.width, picture.height], [2 * 28 * 4 + 8, 28 * 4], "the test image and the network's input, each 4 times as large")
    }

    /// The figures README states for real handwriting: the validation model (trained like the
    /// shipped one but never on writers 25-30) on those writers, and the shipped model's rejection.
    func testRealPenTrajectoriesFromWritersTheModelNeverSawAndNonDigits() throws {
        let pendigits = try ScrawlProcess.pendigits()
        let validation = ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model-validation.scrawl").path
        let out = try ScrawlProcess.run(["evaluate", "--json", "--model", validation, "--only", "pendigits", "--pendigits", pendigits, "--writers", "25-30"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any], out.stdout)
        XCTAssertNil(result["mnist_accuracy"], "--only leaves MNIST out")
        XCTAssertNil(result["handwriting"])
        let pen = try XCTUnwrap(result["pendigits"] as? [String: Any])
        XCTAssertEqual(pen["samples"] as? Int, 1498)
        let widths = try XCTUnwrap(pen["by_width"] as? [[String: Double]])
        XCTAssertEqual(widths.map { $0["width"] }, [10, 20, 30, 40, 50])
        for w in widths {
            XCTAssertGreaterThanOrEqual(w["strokes"] ?? 0, 0.993, "strokes at every pen width: \(w)")
            XCTAssertGreaterThanOrEqual(w["png"] ?? 0, 0.985, "saved PNG at every pen width: \(w)")
        }
        XCTAssertEqual((pen["by_writer"] as? [[String: Any]])?.count, 6)
        XCTAssertLessThanOrEqual(pen["rejected"] as? Double ?? 1, 0.005, "real digits wrongly rejected")

        let shipped = try ScrawlProcess.run(["evaluate", "--json", "--only", "non-digits"])
        XCTAssertEqual(shipped.status, 0, shipped.stderr)
        let nonDigits = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(shipped.stdout.utf8)) as? [String: Any])?["non_digits"] as? [String: Any])
        XCTAssertEqual(nonDigits["drawings"] as? Int, 2000)
        XCTAssertGreaterThanOrEqual(nonDigits["rejected"] as? Double ?? 0, 0.95, "drawings that are not digits rejected")
    }
}

extension CommandLineTests {
    func testBenchPrintsJSONLinesAndATable() throws {
        let out = try ScrawlProcess.run(["bench", "--quick", "--threads", "2"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let json = out.lines.filter { $0.hasPrefix("{") }
        let objects = try json.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let kinds = Set(objects.compactMap { $0["bench"] as? String })
        XCTAssertEqual(kinds, ["gemm", "network", "number_path", "recognition_path", "recognize_rss"])
        XCTAssertTrue(objects.allSatisfy { $0["threads"] as? Int == 2 })
        let figures = Set(objects.compactMap { $0["figure"] as? String })
        XCTAssertTrue(figures.isSuperset(of: ["peer_train_images_per_s", "peer_infer_images_per_s", "peer_latency_us",
                                              "scrawl_infer_images_per_s", "scrawl_latency_us"]), "\(figures)")
        let path = try XCTUnwrap(objects.first { $0["bench"] as? String == "recognition_path" })
        XCTAssertNotNil(path["doubtful_median_us"] as? Double, "the shipped networks read a drawing the first is unsure of: \(path)")
        let rss = try XCTUnwrap(objects.first { $0["bench"] as? String == "recognize_rss" }?["peak_rss_mib"] as? Double)
        XCTAssertTrue((5 ... 500).contains(rss), "the child's own peak, not the bench's: \(rss) MiB")
        XCTAssertTrue(out.stdout.contains("Scrawl bench, 2 threads"))
    }

    func testBenchLayersTimesEveryStageTrainingRuns() throws {
        let out = try ScrawlProcess.run(["bench", "--only", "layers", "--quick", "--threads", "2"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let objects = try out.lines.filter { $0.hasPrefix("{") }.map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let names = objects.compactMap { $0["layer"] as? String }
        // The training plan's stages (the first convolution, ReLU and pool image by image, each
        // other ReLU in its convolution), covering each of the 23 layers once, then Adam.
        XCTAssertEqual(names.first, "layers 0-2 conv32-3 + relu + pool2")
        XCTAssertEqual(names.last, "Adam update")
        var covered: [Int] = []
        for name in names.dropLast() {
            let words = name.split(separator: " ")
            let bounds = words[1].split(separator: "-").compactMap { Int($0) }
            covered += Array(bounds[0] ... bounds[bounds.count - 1])
        }
        XCTAssertEqual(covered, Array(0 ... 22), "\(names)")
        XCTAssertTrue(objects.dropLast().allSatisfy { ($0["forward_ms"] as? Double ?? -1) >= 0 && ($0["backward_ms"] as? Double ?? -1) >= 0 })
    }
}
