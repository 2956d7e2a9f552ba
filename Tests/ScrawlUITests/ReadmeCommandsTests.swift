import Foundation
import XCTest
import ScrawlCLI
import ScrawlRecognition
import ScrawlTestSupport

/// Every command README shows, in its shell blocks and in its text, is run: here (placeholders
/// such as `a.png` and `DIR` filled in, the long ones shortened by the options listed), by
/// ``QuickStartTests`` (what builds or opens the window), by the test named, or by CI itself.
final class ReadmeCommandsTests: XCTestCase {
    enum How {
        /// Run by ``testTheCommandLineExamplesRun``, with these arguments appended to shorten it.
        case here(_ shorter: [String] = [])
        /// Run by `test` in `file`, whose source passes `runs`.
        case by(_ test: String, file: String, runs: String)
        /// What CI runs (`.ci/run` runs `./meson-helper.sh test`, which runs every test).
        case ci(_ why: String)
    }

    /// One epoch on a few hundred images: the command and its options work; the recipe is not measured.
    static let quickTrain = ["--epochs", "1", "--limit", "200", "--writers", "1-2", "--stroke-repeats", "1", "--non-digits", "50"]
    static let quickStart = "Tests/ScrawlUITests/QuickStartTests.swift"

    static let table: [String: How] = [
        "./meson-helper.sh run": .by("testTheQuickStartRunsTheNativeBuild", file: quickStart, runs: "\"run\""),
        "./meson-helper.sh test": .ci("CI's one command"),
        "swift test": .ci("what ./meson-helper.sh test runs"),
        "./meson-helper.sh install --prefix ~/.local": .by("testInstallPutsEverythingInPlace", file: "Tests/ScrawlUITests/DesktopIntegrationTests.swift",
                                                          runs: "\"install\", \"--prefix\""),
        "./meson-helper.sh build --native": .by("testTheQuickStartRunsTheNativeBuild", file: quickStart, runs: "\"build\", \"--native\""),
        "./meson-helper.sh pot": .by("testTheTemplateHoldsEveryMessageOfTheSources", file: "Tests/ScrawlRecognitionTests/TranslationTests.swift",
                                     runs: "\"pot\", \"--check\""),
        "./meson-helper.sh bench --peers VENV": .by("testTheQuickStartRunsTheNativeBuild", file: quickStart, runs: "\"bench\", \"--peers\""),
        // The same tests as every run's FuzzTests (4,000 inputs per reader), for SECONDS each, in debug
        // and release builds: a nested `swift test` cannot run inside the suite's own.
        "./meson-helper.sh fuzz SECONDS": .ci("FuzzTests, which this command runs for longer"),
        "scrawl recognize a.png b.png": .here(),
        "scrawl recognize --single a.png": .here(),
        "scrawl recognize --json a.png": .here(),
        "scrawl recognize --record a.png": .here(),
        "scrawl recognize --record": .by("testKilledWhileRecordingLosesNothingAlreadyStored", file: "Tests/ScrawlCLITests/CrashAndConcurrencyTests.swift",
                                         runs: "[\"recognize\", \"--record\"]"),
        "scrawl evaluate": .by("testShippedModelAccuracyOnMNISTAndTheHandDrawnCheck", file: "Tests/ScrawlCLITests/CommandLineTests.swift",
                               runs: "[\"evaluate\", \"--json\", \"--mnist\", mnist, \"--numbers\", \"20\"]"),
        "scrawl train --output my.scrawl": .here(quickTrain),
        "scrawl train --members 3 --output my3.scrawl": .here(quickTrain),
        "scrawl bench": .by("testBenchPrintsJSONLinesAndATable", file: "Tests/ScrawlCLITests/CommandLineTests.swift", runs: "[\"bench\", \"--quick\""),
        "scrawl --model my.scrawl": .by("testTheQuickStartRunsTheNativeBuild", file: quickStart, runs: "[\"--model\""),
        "scrawl teach mine --examples DIR": .here(),
        "scrawl teach NAME --examples DIR": .here(),
        "scrawl teach abc --examples DIR --only-taught-labels": .by("testTeachingSymbolsBesidesOrInsteadOfTheDigits",
                                                                     file: "Tests/ScrawlCLITests/TeachCommandTests.swift", runs: "\"--only-taught-labels\""),
        "scrawl evaluate --only symbols": .here(["--writers", "1-1"]),
        "scrawl models": .here(),
        "scrawl recognize --model mine a.png": .here(),
        "scrawl evaluate --model mine --examples DIR": .here(),
        "scrawl model describe": .here(),
        "scrawl model describe --arch peer --freeze 3": .here(),
        "scrawl model combine a.scrawl b.scrawl c.scrawl --output abc.scrawl": .by("testMembersAreTheNetworksOfSeparateRunsAndCombineJoinsThem",
                                                                                   file: "Tests/ScrawlCLITests/CommandLineTests.swift", runs: "[\"model\", \"combine\""),
        "scrawl COMMAND --help": .here(),
        ".build-native/release/scrawl train --arch scrawl --epochs 22 --decay 0.87 --members 4 --output Resources/scrawl-model.scrawl": .here(quickTrain),
        ".build-native/release/scrawl train --arch scrawl --epochs 22 --decay 0.87 --members 4 --writers 1-24 --validate 25-30 --output Resources/scrawl-model-validation.scrawl":
            .here(quickTrain),
        ".build-native/release/scrawl train --arch scrawl --epochs 45 --decay 0.95 --weight-decay 0.05 --writers 1-24 --validate 25-30 --output aw-1.scrawl":
            .here(quickTrain),
        ".build-native/release/scrawl train --arch scrawl --epochs 45 --decay 0.95 --weight-decay 0.05 --writers 1-24 --validate 25-30 --seed 2 --output aw-2.scrawl":
            .here(quickTrain),
        ".build-native/release/scrawl train --arch scrawl --epochs 22 --decay 0.87 --teachers Resources/scrawl-model-validation.scrawl,aw-1.scrawl,aw-2.scrawl --output taught.scrawl":
            .here(quickTrain),
        ".build-native/release/scrawl train --arch scrawl --epochs 22 --decay 0.87 --writers 1-24 --validate 25-30 --teachers Resources/scrawl-model-validation.scrawl,aw-1.scrawl,aw-2.scrawl --output taught-validation.scrawl":
            .here(quickTrain),
        "scrawl train --average-last 4": .here(quickTrain + ["--average-last", "1"]),
        "scrawl train --epochs 28 --average-last 6 --average-lr 5e-4": .here(quickTrain + ["--average-last", "1"]),
        "scrawl train --no-pendigits --non-digits 0": .here(["--epochs", "1", "--limit", "200"]),
        "scrawl train --no-pendigits --non-digits 0 --batch 64": .here(["--epochs", "1", "--limit", "200"]),
        "scrawl train --number-parts 4000 --writers 1-24 --validate 25-30 --output parts.scrawl": .here(quickTrain + ["--number-parts", "20"]),
        "scrawl evaluate --model Resources/scrawl-model-validation.scrawl --only pendigits": .by(
            "testRealPenTrajectoriesFromWritersTheModelNeverSawAndNonDigits", file: "Tests/ScrawlCLITests/CommandLineTests.swift",
            runs: "\"--model\", validation, \"--only\", \"pendigits\""),
        "scrawl evaluate --only non-digits": .by("testRealPenTrajectoriesFromWritersTheModelNeverSawAndNonDigits",
                                                 file: "Tests/ScrawlCLITests/CommandLineTests.swift", runs: "\"--only\", \"non-digits\""),
        "scrawl evaluate --only mnist": .here(),
        "scrawl evaluate --only mnist --save-failures DIR": .here(),
        "scrawl evaluate --only hand-drawn": .here(),
        "scrawl evaluate --only numbers --numbers 600": .here(["--numbers", "5"]),
        "scrawl evaluate --only numbers": .here(["--numbers", "5"]),
        "scrawl evaluate --only numbers --failures": .here(["--numbers", "5"]),
        "scrawl evaluate --save-failures DIR": .here(["--only", "numbers", "--numbers", "5"]),
        "scrawl evaluate --model Resources/scrawl-model-validation.scrawl --only personal": .here(["--writers", "25-25", "--per-digit", "2"]),
        "scrawl bench --only path": .here(["--quick"]),
        "scrawl bench --only data": .here(["--quick"]),
        "scrawl bench --only teach": .here(["--quick"]),
    ]

    /// The commands README shows: the lines of its `sh` blocks (comments dropped) and the
    /// inline code that starts with a command, in README's order.
    static func readmeCommands() throws -> [String] {
        let readme = try String(contentsOf: ScrawlProcess.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = [], inBlock = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock = !inBlock && line == "```sh"; continue }
            if inBlock {
                let command = (line.range(of: " #").map { String(line[..<$0.lowerBound]) } ?? String(line)).trimmingCharacters(in: .whitespaces)
                if !command.isEmpty && !command.hasPrefix("#") { commands.append(command) }
                continue
            }
            for (k, span) in line.split(separator: "`", omittingEmptySubsequences: false).enumerated() where k % 2 == 1 {
                if ["scrawl ", "./meson-helper.sh ", "swift "].contains(where: span.hasPrefix) { commands.append(String(span)) }
            }
        }
        var seen = Set<String>()
        return commands.filter { seen.insert($0).inserted }
    }

    func testEveryCommandInREADMEIsRunByATest() throws {
        let commands = try Self.readmeCommands()
        XCTAssertGreaterThan(commands.count, 20)
        for command in commands {
            XCTAssertNotNil(Self.table[command], "README shows `\(command)`, which no test runs: add it to ReadmeCommandsTests.table")
        }
        for command in Self.table.keys where !commands.contains(command) {
            XCTFail("ReadmeCommandsTests.table names `\(command)`, which README no longer shows")
        }
        for case let (command, .by(test, file, runs)) in Self.table {
            let source = try String(contentsOf: ScrawlProcess.projectRoot.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(source.contains("func \(test)("), "\(file) has no \(test), which should run `\(command)`")
            XCTAssertTrue(source.contains(runs), "\(file) no longer runs \(runs) (`\(command)`)")
        }
    }

    /// Runs README's command-line examples in README's order (`teach mine` before the commands
    /// that use `mine`), each expected to succeed; the ones that need `../shared` are left out,
    /// said so, where it is absent.
    func testTheCommandLineExamplesRun() throws {
        let dir = try ScrawlProcess.temporaryFolder("scrawl-readme")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let check = try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
        func picture(_ sample: HandwritingCheck.Sample, _ path: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try PNGCodec.save(Rasterizer.renderForDisplay(HandwritingCheck.drawing(of: sample, size: 300, width: 24, x: 100, y: 120)), to: path)
        }
        for (name, digit) in [("a.png", 4), ("b.png", 7)] { try picture(try XCTUnwrap(check.samples.first { $0.digit == digit }), dir + "/" + name) }
        for digit in [3, 7] {
            for (k, sample) in check.samples.filter({ $0.digit == digit }).enumerated() { try picture(sample, "\(dir)/examples/\(digit)/\(k).png") }
        }
        var environment = ["XDG_DATA_HOME": dir + "/data"]
        var missing: [String] = []
        if let mnist = try? ScrawlProcess.mnist() { environment["MNIST_DIR"] = mnist } else { missing.append("MNIST") }
        if let pendigits = try? ScrawlProcess.pendigits() { environment["PENDIGITS"] = pendigits } else { missing.append("pendigits") }
        let needsData = ["train", "--only mnist", "--only numbers", "--save-failures", "--only personal", "--only data", "--only teach"]

        for command in try Self.readmeCommands() {
            guard case let .here(shorter)? = Self.table[command] else { continue }
            if !missing.isEmpty, needsData.contains(where: command.contains) {
                print("README's `\(command)` not run: \(missing.joined(separator: " and ")) absent (../shared)")
                continue
            }
            var words = command.split(separator: " ").map(String.init)
            words.removeFirst()  // scrawl, or the native build's scrawl: the binary under test either way
            for k in words.indices {
                switch words[k] {
                case "a.png", "b.png": words[k] = dir + "/" + words[k]
                case "DIR": words[k] = words[k - 1] == "--save-failures" ? dir + "/failures" : dir + "/examples"
                case "NAME": words[k] = "mine"
                case _ where k > 0 && words[k - 1] == "--output": words[k] = dir + "/" + (words[k] as NSString).lastPathComponent
                case _ where k > 0 && words[k - 1] == "--teachers":   // models README's commands wrote before, or shipped ones
                    words[k] = words[k].split(separator: ",").map { name in
                        name.hasPrefix("Resources/") ? ScrawlProcess.projectRoot.appendingPathComponent(String(name)).path : dir + "/" + name
                    }.joined(separator: ",")
                case _ where words[k].hasPrefix("Resources/"): words[k] = ScrawlProcess.projectRoot.appendingPathComponent(words[k]).path
                default: break
                }
            }
            // A training run without --output writes scrawl-model.scrawl where it runs: into the
            // temporary folder, not the checkout.
            if words.first == "train" && !words.contains("--output") { words += ["--output", dir + "/scrawl-model.scrawl"] }
            let runs = words.first == "COMMAND"
                ? ["recognize", "evaluate", "train", "bench", "teach", "models", "model"].map { [$0] + words.dropFirst() }
                : [words + shorter]
            for arguments in runs {
                let out = try ScrawlProcess.run(arguments, environment: environment)
                XCTAssertEqual(out.status, 0, "README's `\(command)` as `scrawl \(arguments.joined(separator: " "))`:\n\(out.stdout.suffix(800))\n\(out.stderr.suffix(800))")
                XCTAssertFalse(out.stdout.isEmpty, "`\(command)` printed nothing")
            }
        }
        let models = try ScrawlProcess.run(["models", "--json"], environment: environment)
        XCTAssertTrue(models.stdout.contains("\"mine\""), "README's teach made the model its other commands use: \(models.stdout)")
    }
}
