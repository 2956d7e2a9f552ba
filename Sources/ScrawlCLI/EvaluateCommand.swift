import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl evaluate`: accuracy and confusion matrix on the MNIST test set, Scrawl's hand-drawn
/// check, real pen trajectories from writers a model may never have seen, and how well it says
/// "not a digit".
enum EvaluateCommand {
    static let help = """
    USAGE: scrawl evaluate [--model MODEL] [--mnist DIR] [--pendigits FILE] [--writers A-B] [--only LIST] [--raw] [--json]
           scrawl evaluate [--model MODEL] --examples DIR [--json]

    Runs the model over the 10,000 MNIST test images through Scrawl's preprocessing (as the app
    would see them) and prints the accuracy and the confusion matrix, then scores:
    - the hand-drawn check: digits written as pen trajectories (not MNIST), drawn at pen widths
      10-50 px and sizes 100-500 px on the canvas, recognized as vector strokes, as a saved PNG,
      and by the naive shrink-the-canvas method for comparison;
    - real pen trajectories (pendigits) of the chosen writers, drawn at pen widths 10-50 px and
      recognized as strokes and as saved PNGs: accuracy per pen width and per writer;
    - "not a digit": the share of a held-apart set of letters, symbols, shapes and scribbles
      rejected, and the share of real digits (MNIST, pendigits) wrongly rejected.
    - whole numbers composed from the chosen writers' pen trajectories, one writer per number (1
      digit, 4 digits apart, 4 touching or overlapping, 10 apart, 2-8 with decimal points), read
      exactly right from their strokes and as saved PNGs, and the single digits through the
      single-digit path for comparison; and drawings that are no number (letters, symbols,
      shapes, scribbles, as usually drawn and 2.5-4.5 times as wide): the share read with no
      digit.

    OPTIONS:
      --model MODEL     model file or personal model name (default: the shipped model)
      --mnist DIR       MNIST IDX files (default: $MNIST_DIR, else ../shared/mnist)
      --pendigits FILE  pen trajectories (default: $PENDIGITS, else ../shared/pendigits/pendigits-orig.tra.gz)
      --writers A-B     pendigits writers to score (default: 25-30, those the validation model never saw)
      --only LIST       only these parts, comma-separated: mnist, hand-drawn, pendigits, non-digits, numbers,
                        personal (not run by default: for each of the writers in turn, teach a
                        personal model from 5 of their examples per digit and score it and the
                        base on their other digits, and the personal model on MNIST), symbols
                        (not run by default: for each of six simulated writers, teach fifteen
                        symbols from 5 and from 10 of their drawings of each, and score 20 others
                        of each; --writers picks the writers' seeds, default 1-6)
      --numbers N       numbers composed for each kind, and drawings of each width that are not
                        numbers (default: 300)
      --per-digit N     examples per digit a personal model is taught from (default: 5)
      --examples DIR    instead: accuracy and confusion matrix on labelled pictures, one folder per
                        label with its PNGs, as 'scrawl teach' takes them
      --raw             feed the MNIST test images as they are, without Scrawl's preprocessing
      --json            print the figures as one JSON object
      --failures        list the hand-drawn drawings the strokes and saved-PNG paths got wrong, the
                        numbers read wrongly, and the drawings that are no number read with a
                        digit in them
      --save-failures DIR  write each MNIST test image read wrongly (beside what the network read
                        after preprocessing), each pendigits drawing the strokes path got wrong
                        (pen 10 px), the numbers read wrongly (up to 20 of each kind) and the
                        drawings that are no number read with a digit in them (up to 20 of each
                        width), as PNGs
      -h, --help        show this help
    """

    /// The parts `--only` chooses from, in the order they run.
    static let parts = ["mnist", "hand-drawn", "pendigits", "non-digits", "numbers", "personal", "symbols"]

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["model", "mnist", "pendigits", "writers", "only", "save-failures", "per-digit", "examples", "numbers"],
                                    boolean: ["raw", "json", "failures"])
        guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "unexpected argument '\(args.positionals[0])'") }
        let only = args.string("only").map { Set($0.split(separator: ",").map(String.init)) } ?? Set(parts.dropLast(2))
        if let unknown = only.subtracting(parts).first {
            throw ArgumentList.UsageError(description: "--only takes \(parts.joined(separator: ", ")), not '\(unknown)'")
        }
        let recognizer = try ModelOption.recognizer(args.string("model"))
        var report = Report(json: args.flag("json"), result: ["model": recognizer.source, "networks": recognizer.networks.count])
        if recognizer.networks.count > 1 { report.say("\(recognizer.source): \(recognizer.networks.count) networks, the first answering what it is sure of, their mean the rest") }
        if let folder = args.string("examples") {
            try labelledPictures(recognizer, folder: folder, &report)
            if report.json { Console.out(JSONLine.make(report.result)) }
            return 0
        }
        var status: Int32 = 0
        if only.contains("mnist"), try !mnist(recognizer, args, &report) { status = 1 }
        if only.contains("hand-drawn") { try handDrawn(recognizer, args, &report) }
        if only.contains("pendigits") { try penDigits(recognizer, args, &report) }
        if only.contains("non-digits") { nonDigits(recognizer, &report) }
        if only.contains("numbers") { try numbers(recognizer, args, &report) }
        if only.contains("personal") { try personal(recognizer, args, &report) }
        if only.contains("symbols") { try symbols(recognizer, args, &report) }
        if report.json { Console.out(JSONLine.make(report.result)) }
        return status
    }

    /// The figures as they are gathered: printed as text, or kept for one JSON object.
    struct Report {
        var json: Bool
        var result: [String: Any]
        func say(_ text: String) { if !json { Console.out(text) } }
    }

    /// The MNIST test set; false when MNIST is not found.
    static func mnist(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws -> Bool {
        guard let folder = DataLocation.mnist(args.string("mnist")) else {
            Console.err("MNIST not found (pass --mnist DIR or set MNIST_DIR): skipping the test set")
            return false
        }
        let raw = try MNIST.load(folder: folder, train: false)
        let set = args.flag("raw") ? raw : Pipeline.preprocessed(raw)
        let evaluation = Evaluation(model: recognizer.ensemble, set: set)
        let confusion = evaluation.confusion.prefix(10).map { Array($0) }
        let rejected = recognizer.labels.rejectIndex.map { r in confusion.reduce(0) { $0 + $1[r] } } ?? 0
        report.result["mnist_accuracy"] = evaluation.accuracy
        report.result["mnist_correct"] = evaluation.correct
        report.result["mnist_rejected"] = Double(rejected) / Double(evaluation.total)
        report.result["confusion"] = confusion
        report.say(String(format: "MNIST test set%@: %.2f%% (%d/%d)", args.flag("raw") ? " (raw)" : "",
                          evaluation.accuracy * 100, evaluation.correct, evaluation.total))
        if recognizer.rejects {
            report.say(String(format: "  wrongly rejected as not a digit: %.2f%% (%d)", Double(rejected) / Double(evaluation.total) * 100, rejected))
        }
        report.say(table(confusion))
        if let folder = args.string("save-failures") {
            try savePictures(evaluation.misses, in: folder) { miss in
                let answer = miss.answer == recognizer.labels.rejectIndex ? "none" : String(miss.answer)
                return ("mnist-\(miss.index)-\(raw.labels[miss.index])-as-\(answer).png", RGBAImage(paper: sideBySide(raw, set, miss.index)))
            }
            report.say("wrote \(evaluation.misses.count) MNIST misses to \(folder) (the test image, then what the network read)")
        }
        return true
    }

    /// Writes a PNG of each of `items` in `folder` (made when missing), named and drawn by `picture`.
    static func savePictures<Item>(_ items: [Item], in folder: String, _ picture: (Item) -> (name: String, image: RGBAImage)) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for item in items {
            let (name, image) = picture(item)
            try PNGCodec.save(image, to: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// Image `index` of `first` and of `second` side by side, each 28x28 image 4 times as large.
    static func sideBySide(_ first: DigitSet, _ second: DigitSet, _ index: Int, zoom: Int = 4) -> GrayImage {
        let side = DigitSet.side, gap = zoom * 2
        var out = GrayImage(width: 2 * side * zoom + gap, height: side * zoom)
        for (panel, set) in [first, second].enumerated() {
            for y in 0 ..< side * zoom {
                for x in 0 ..< side * zoom {
                    out[panel * (side * zoom + gap) + x, y] = set.pixels[index * side * side + (y / zoom) * side + x / zoom]
                }
            }
        }
        return out
    }

    /// Scrawl's hand-drawn check.
    static func handDrawn(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws {
        let score = try HandwritingCheck.shipped().score(with: recognizer)
        report.result["handwriting"] = ["cases": score.count, "vector": score.vector, "raster": score.raster, "naive": score.naive]
        report.say(String(format: "hand-drawn check (%d drawings, pen 10-50 px, size 100-500 px): strokes %.1f%%, saved PNG %.1f%%, naive 28x28 shrink %.1f%%",
                          score.count, score.vector * 100, score.raster * 100, score.naive * 100))
        if args.flag("failures") {
            for f in score.vectorFailures { report.say("  wrong as strokes: \(f.label) → \(f.answer.map(String.init) ?? "not a digit")") }
            for f in score.rasterFailures { report.say("  wrong as saved PNG: \(f.label) → \(f.answer.map(String.init) ?? "not a digit")") }
        }
    }

    /// The pen samples of the writers `--writers` chooses (25-30 by default), or nil, having said
    /// what is `skipping`, when there is no pendigits file.
    static func chosenWriters(_ args: ArgumentList, _ report: inout Report, skipping: String) throws
        -> (samples: [PenDigits.Sample], writers: ClosedRange<Int>)? {
        guard let path = PenDigits.locate(args.string("pendigits")) else {
            report.say("pendigits not found (pass --pendigits FILE or set PENDIGITS): skipping \(skipping)")
            return nil
        }
        let writers = try args.string("writers").map { try TrainCommand.writerRange($0, option: "writers") } ?? 25 ... 30
        let samples = try PenDigits.load(path: path).written(by: writers)
        guard !samples.isEmpty else { throw ArgumentList.UsageError(description: "no pendigits samples by writers \(writers)") }
        return (samples, writers)
    }

    /// Real pen trajectories of the chosen writers, as strokes and as saved PNGs.
    static func penDigits(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws {
        guard let (samples, writers) = try chosenWriters(args, &report, skipping: "real pen trajectories") else { return }
        let strokes = PenDigitsScore(recognizer: recognizer, samples: samples, raster: false)
        let png = PenDigitsScore(recognizer: recognizer, samples: samples, raster: true)
        func rate(_ c: Int, _ t: Int) -> Double { Double(c) / Double(t) }
        let name = "\(writers.lowerBound)-\(writers.upperBound)"
        let rejected = rate(strokes.rejected + png.rejected, strokes.total + png.total)
        report.result["pendigits"] = [
            "writers": name, "samples": samples.count, "strokes": strokes.accuracy, "png": png.accuracy, "rejected": rejected,
            "by_width": zip(strokes.byWidth, png.byWidth).map { s, p in
                ["width": s.width, "strokes": rate(s.correct, s.total), "png": rate(p.correct, p.total)]
            },
            "by_writer": strokes.byWriter.keys.sorted().map { w in
                ["writer": w, "strokes": rate(strokes.byWriter[w]!.correct, strokes.byWriter[w]!.total),
                 "png": rate(png.byWriter[w]!.correct, png.byWriter[w]!.total)]
            },
            "confusion": strokes.confusion,
        ] as [String: Any]
        report.say(String(format: "pendigits writers %@ (%d digits, each at pen 10-50 px): strokes %.2f%%, saved PNG %.2f%%; wrongly rejected %.2f%%",
                          name, samples.count, strokes.accuracy * 100, png.accuracy * 100, rejected * 100))
        report.say("  pen width   strokes  saved PNG")
        for (s, p) in zip(strokes.byWidth, png.byWidth) {
            report.say(String(format: "  %6.0f px   %6.2f%%   %6.2f%%", s.width, rate(s.correct, s.total) * 100, rate(p.correct, p.total) * 100))
        }
        report.say("  writer      strokes  saved PNG")
        for w in strokes.byWriter.keys.sorted() {
            let (s, p) = (strokes.byWriter[w]!, png.byWriter[w]!)
            report.say(String(format: "  %6d      %6.2f%%   %6.2f%%", w, rate(s.correct, s.total) * 100, rate(p.correct, p.total) * 100))
        }
        report.say("  strokes, all pen widths:")
        report.say(table(strokes.confusion))
        if let folder = args.string("save-failures") {
            // The strokes path's misses at its first pen width, drawn as scored.
            let wrong = strokes.failures, width = strokes.byWidth[0].width
            try savePictures(wrong, in: folder) { f in
                let drawing = PenDigitsScore.drawing(of: samples[f.index], index: f.index, width: width)
                return ("writer\(samples[f.index].writer)-\(samples[f.index].label)-as-\(f.answer.map(String.init) ?? "none")-\(f.index).png",
                        Rasterizer.renderForDisplay(drawing))
            }
            report.say("wrote \(wrong.count) drawings to \(folder)")
        }
    }

    /// Whole numbers composed from the chosen writers' pen trajectories, one writer per number,
    /// read through the canvas's strokes and as saved pictures; then wide drawings that are no
    /// number (``NonNumberScore``).
    static func numbers(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws {
        let reader = NumberReader(recognizer: recognizer)
        let count = try args.int("numbers", default: 300, range: 1 ... 100_000)
        try composedNumbers(reader, count: count, args, &report)
        for wide in [false, true] {
            let score = NonNumberScore(reader: reader, count: count, wide: wide)
            let (key, what, prefix) = wide ? ("non_numbers", "drawn 2.5-4.5 times as wide", "wide") : ("non_numbers_usual", "as usually drawn", "usual")
            report.result[key] = ["drawings": score.total, "strokes": score.strokes, "png": score.picture]
            report.say(String(format: "not numbers: %d letters, symbols, shapes and scribbles %@, read with no digit in them: strokes %.1f%%, saved PNG %.1f%%",
                              score.total, what, score.strokes * 100, score.picture * 100))
            // The kinds most often read with a digit first (then by name).
            let digits = score.byKind.filter { $0.value.strokes + $0.value.picture > 0 }
                .sorted { ($1.value.strokes + $1.value.picture, $0.key) < ($0.value.strokes + $0.value.picture, $1.key) }
            if !digits.isEmpty {
                report.say("  read with a digit (strokes / PNG of all): " + digits.prefix(10).map { "\($0.key) \($0.value.strokes)/\($0.value.picture) of \($0.value.total)" }.joined(separator: ", "))
            }
            if args.flag("failures") {
                for f in score.failures { report.say("    \(f.kind) (\(f.index)): strokes \(f.strokes), saved PNG \(f.picture)") }
            }
            if let folder = args.string("save-failures") {
                // A reading of hundreds of specks would not fit in a file name.
                func short(_ text: String) -> String { (text.count > 16 ? text.prefix(16) + "…" : text).replacingOccurrences(of: " ", with: "_") }
                try savePictures(score.failures, in: folder) { f in
                    ("\(prefix)-\(f.index)-\(f.kind)-as-\(short(f.strokes))-\(short(f.picture)).png",
                     Rasterizer.renderForDisplay(NonNumberScore.drawing(f.index, wide: wide).drawing))
                }
            }
        }
    }

    /// Numbers composed from the chosen writers' pen trajectories, `count` of each kind.
    static func composedNumbers(_ reader: NumberReader, count: Int, _ args: ArgumentList, _ report: inout Report) throws {
        guard let (samples, writers) = try chosenWriters(args, &report, skipping: "whole numbers") else { return }
        let cases: [(name: String, digits: ClosedRange<Int>, spacing: ComposedNumber.Spacing, points: Bool)] = [
            ("1 digit", 1 ... 1, .separated, false), ("4 digits, separated", 4 ... 4, .separated, false),
            ("4 digits, touching", 4 ... 4, .touching, false), ("10 digits, separated", 10 ... 10, .separated, false),
            ("2-8 digits, a decimal point in every third", 2 ... 8, .separated, true),
            // Last, so that the cases above keep their seeds.
            ("2 digits, touching", 2 ... 2, .touching, false),
        ]
        var results: [[String: Any]] = []
        report.say("whole numbers, writers \(writers.lowerBound)-\(writers.upperBound), one writer per number (\(count) each), read exactly right:")
        report.say("  numbers                                       strokes  saved PNG")
        for (k, c) in cases.enumerated() {
            let score = NumberScore(reader: reader, samples: samples, count: count, digits: c.digits, spacing: c.spacing,
                                    decimalPoints: c.points, seed: NumberScore.evaluationSeed &+ UInt64(k))
            var result: [String: Any] = ["case": c.name, "numbers": score.total, "strokes": score.strokes, "png": score.picture]
            report.say(String(format: "  %@  %6.2f%%   %6.2f%%", c.name.padding(toLength: 44, withPad: " ", startingAt: 0),
                              score.strokes * 100, score.picture * 100))
            if c.digits == 1 ... 1 {
                let (strokes, png) = (score.singleStrokes, score.singlePicture)
                result["single_digit_path"] = ["strokes": strokes, "png": png]
                report.say(String(format: "  %@  %6.2f%%   %6.2f%%", "  the same through the single-digit path".padding(toLength: 44, withPad: " ", startingAt: 0),
                                  strokes * 100, png * 100))
            }
            results.append(result)
            if args.flag("failures") {
                for f in score.failures { report.say("    \(f.truth): strokes \(f.strokes), saved PNG \(f.picture)") }
            }
            if let folder = args.string("save-failures") {
                try savePictures(Array(score.failures.enumerated()), in: folder) { n, f in
                    ("number-\(k)-\(n)-\(f.truth)-as-\(f.strokes)-\(f.picture).png", RGBAImage(paper: f.number.picture))
                }
            }
        }
        report.result["numbers"] = results
    }

    /// Accuracy and confusion on a folder of labelled pictures (one folder per label).
    static func labelledPictures(_ recognizer: Recognizer, folder: String, _ report: inout Report) throws {
        let examples = try TeachCommand.readExamples(folder)
        let names = recognizer.labels.printed
        var confusion = Array(repeating: Array(repeating: 0, count: names.count), count: names.count)
        var correct = 0, skipped = 0
        for example in examples {
            guard let truth = names.firstIndex(of: example.label) else {
                Console.err("skipped \(example.source): \"\(example.label)\" is not one of the model's labels")
                skipped += 1
                continue
            }
            guard let image = try? PNGCodec.decode(example.png), let r = recognizer.recognize(ink: image.ink) else {
                Console.err("skipped \(example.source): unreadable or blank")
                skipped += 1
                continue
            }
            let answer = r.answerLabel.flatMap { names.firstIndex(of: $0) } ?? recognizer.labels.rejectIndex ?? r.digit
            confusion[truth][answer] += 1
            if answer == truth { correct += 1 }
        }
        let total = examples.count - skipped
        let accuracy = total == 0 ? 0 : Double(correct) / Double(total)
        report.result["examples"] = ["folder": folder, "total": total, "correct": correct, "accuracy": accuracy, "skipped": skipped,
                                     "labels": names, "confusion": confusion] as [String: Any]
        report.say(String(format: "%@: %d of %d right (%.2f%%)%@", folder, correct, total, accuracy * 100, skipped > 0 ? ", \(skipped) skipped" : ""))
        report.say(table(confusion, names: recognizer.labels.names.map { $0 ?? "none" }))
    }

    /// ``SymbolStudy``: fifteen symbols taught from 5 and from 10 examples each.
    static func symbols(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws {
        let writers = try args.string("writers").map { try TrainCommand.writerRange($0, option: "writers") } ?? 1 ... 6
        let mnist = try DataLocation.mnist(args.string("mnist")).map { Pipeline.preprocessed(try MNIST.load(folder: $0, train: false)) }
        let rows = try SymbolStudy.run(base: recognizer, writers: writers, perLabel: [5, 10], mnist: mnist, options: Teacher.Options())
        report.say("symbols: \(SymbolFixtures.labels.joined(separator: " ")) taught besides the digits, scored on \(SymbolStudy.testedPerLabel) other drawings of each by the same writer (strokes and saved PNGs)")
        report.say("writer  examples  right          as a digit  none    MNIST   teaching")
        for row in rows {
            report.say(String(format: "%6d  %8d  %5d/%-5d %5.1f%%  %10d  %4d  %@  %7.1f s", row.writer, row.perLabel, row.correct, row.tested,
                              row.accuracy * 100, row.readAsDigit, row.rejected, row.mnist.map { String(format: "%5.2f%%", $0 * 100) } ?? "    -", row.seconds))
        }
        var pooled: [String: Double] = [:]
        for count in [5, 10] {
            let of = rows.filter { $0.perLabel == count }
            let accuracy = Double(of.reduce(0) { $0 + $1.correct }) / Double(max(1, of.reduce(0) { $0 + $1.tested }))
            pooled[String(count)] = accuracy
            report.say(String(format: "%d examples per symbol: %.2f%% right, pooled over %d writers", count, accuracy * 100, of.count))
        }
        report.result["symbols"] = ["labels": SymbolFixtures.labels, "accuracy_by_examples": pooled,
                                    "rows": rows.map { ["writer": $0.writer, "examples": $0.perLabel, "tested": $0.tested, "correct": $0.correct,
                                                        "as_digit": $0.readAsDigit, "none": $0.rejected, "mnist": $0.mnist ?? NSNull(),
                                                        "seconds": $0.seconds] as [String: Any] }]
    }

    /// ``TeachingStudy``: each writer taught in turn.
    static func personal(_ recognizer: Recognizer, _ args: ArgumentList, _ report: inout Report) throws {
        guard let path = PenDigits.locate(args.string("pendigits")) else {
            report.say("pendigits not found (pass --pendigits FILE or set PENDIGITS): skipping personal models")
            return
        }
        let writers = try args.string("writers").map { try TrainCommand.writerRange($0, option: "writers") } ?? 25 ... 30
        let perDigit = try args.int("per-digit", default: 5, range: 2 ... 100)
        let mnist = try DataLocation.mnist(args.string("mnist")).map { Pipeline.preprocessed(try MNIST.load(folder: $0, train: false)) }
        let rows = try TeachingStudy.run(base: recognizer, samples: try PenDigits.load(path: path).samples, writers: writers,
                                         perDigit: perDigit, mnist: mnist, options: Teacher.Options())
        let (base, personal) = (rows.reduce(0) { $0 + $1.baseErrors }, rows.reduce(0) { $0 + $1.personalErrors })
        report.result["personal"] = [
            "per_digit": perDigit, "base_errors": base, "personal_errors": personal,
            "writers": rows.map { r -> [String: Any] in
                var o: [String: Any] = ["writer": r.writer, "tested": r.tested, "base_errors": r.baseErrors,
                                        "personal_errors": r.personalErrors, "seconds": r.seconds]
                if let m = r.mnist { o["mnist"] = m }
                return o
            },
        ] as [String: Any]
        report.say("personal models, \(perDigit) examples per digit from each writer, scored on the writer's other digits")
        report.say("(strokes and saved PNG, pen 10-50 px): errors of the base model -> of the personal model")
        report.say("  writer  readings  base  personal  MNIST after  teaching")
        for r in rows {
            report.say(String(format: "  %6d  %8d  %4d  %8d  %10@  %6.1f s", r.writer, r.tested, r.baseErrors, r.personalErrors,
                              r.mnist.map { String(format: "%.2f%%", $0 * 100) } ?? "-", r.seconds))
        }
        report.say("  all             \(String(format: "%4d  %8d", base, personal))")
    }

    /// How many drawings that are not digits the model rejects.
    static func nonDigits(_ recognizer: Recognizer, _ report: inout Report) {
        guard recognizer.rejects else {
            report.say("not a digit: this model has no \"not a digit\" output, so it rejects nothing")
            return
        }
        let score = NonDigitScore(recognizer: recognizer)
        report.result["non_digits"] = ["drawings": score.total, "rejected": score.rejectionRate,
                                       "by_kind": score.byKind.mapValues { Double($0.rejected) / Double($0.total) }] as [String: Any]
        report.say(String(format: "not a digit: %.1f%% of %d drawings that are not digits rejected (letters, symbols, shapes, scribbles, specks)",
                          score.rejectionRate * 100, score.total))
        let missed = score.byKind.filter { $0.value.rejected < $0.value.total }
            .sorted { $0.value.rejected * $1.value.total < $1.value.rejected * $0.value.total }
        if !missed.isEmpty {
            report.say("  read as digits: " + missed.prefix(10).map { "\($0.key) \($0.value.total - $0.value.rejected)/\($0.value.total)" }.joined(separator: ", "))
        }
    }

    /// A confusion matrix, truth down the side, answers across, the last column "not a digit"
    /// when there is one.
    static func table(_ confusion: [[Int]], names: [String]? = nil) -> String {
        let columns = confusion.first?.count ?? 0
        let header = names ?? (0 ..< columns).map { $0 < 10 ? String($0) : "none" }
        let width = max(6, (header.map(\.count).max() ?? 0) + 2)
        var lines = ["true\\answer" + header.map { $0.leftPadded(width) }.joined()]
        for (t, row) in confusion.enumerated() {
            lines.append(header[t].leftPadded(11) + row.map { String($0).leftPadded(width) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
