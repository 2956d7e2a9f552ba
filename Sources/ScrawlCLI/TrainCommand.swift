import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl train`: trains a model on MNIST with augmentation and writes a model file.
enum TrainCommand {
    /// Defaults the help states and the command uses, from one place (the trainer's own options).
    static let defaults = Trainer.Options()
    static let defaultNonDigits = 12_000
    static let defaultNumberParts = 0
    static let defaultStrokeRepeats = 3

    static var help: String { """
    USAGE: scrawl train [options]

    Trains a network on the MNIST training set with Scrawl's augmentation (rotation, scaling,
    squashing, shear, stroke thickness) and preprocessing, plus real pen trajectories (pendigits,
    varied as strokes and drawn through the canvas's stroke path) and drawings that are not digits
    (letters, symbols, shapes, scribbles), which train an eleventh output, "not a digit". Evaluates
    on the MNIST test set (and on the pendigits writers left out, with --validate) after every
    epoch, and writes the model file (also after each epoch, so an interrupted run leaves a model).

    OPTIONS:
      --mnist DIR        MNIST IDX files (default: $MNIST_DIR, else ../shared/mnist)
      --output FILE      model file to write (default: scrawl-model.scrawl)
      --arch NAME        scrawl (default, the shipped network) or peer (the benchmark CNN)
      --epochs N         passes over the training set (default: \(defaults.epochs))
      --batch N          images per step (default: \(defaults.batchSize))
      --lr RATE          Adam learning rate (default: \(defaults.learningRate))
      --decay F          learning rate factor per epoch (default: \(defaults.decay))
      --weight-decay F   each step, shrink the convolution and dense weights by F times the learning
                         rate (decoupled weight decay, AdamW; default: none)
      --average-last N   put the mean of the weights of every step of the last N epochs in the model
                         at the end (default: \(defaults.averageLastEpochs): the last step's weights)
      --average-lr RATE  run those N epochs at this constant learning rate instead of the decaying one
                         (stochastic weight averaging; default: they decay as the others)
      --teachers LIST    model files, comma-separated, whose mean answer to each training input the
                         network learns beside its label (knowledge distillation); they must have the
                         network's outputs (default: none, the labels alone)
      --teacher-share F  the share of each target that is the teachers' answer (default: \(defaults.teacherShare))
      --seed N           seed for initialisation, shuffling, dropout, augmentation (default: \(defaults.seed))
      --members K        train K networks one after the other, with seeds N to N+K-1, and write them as
                         one model (an ensemble: the first answers what it is sure of, their mean the
                         rest; default: 1). The file holds
                         the networks finished so far (the first one while it trains)
      --pendigits FILE   pen trajectories (default: $PENDIGITS, else ../shared/pendigits/pendigits-orig.tra.gz)
      --writers A-B      train on these pendigits writers only (default: all)
      --validate A-B     after each epoch, score these pendigits writers (use writers not trained on)
      --stroke-repeats N passes over the pen samples per epoch, each varied afresh (default: \(defaultStrokeRepeats))
      --non-digits N     drawings that are not digits per epoch (default: \(defaultNonDigits); 0: no "not a digit" output)
      --number-parts N   pairs of pen-drawn digits and digits with a slice of their neighbour per epoch,
                         also "not a digit", for reading whole numbers (default: \(defaultNumberParts); an
                         experiment that did not pay, kept to reproduce it: see README)
      --raster-share F   share of stroke drawings read as saved pictures rather than as strokes (default: \(HandwritingExamples.defaultRasterShare))
      --plain-strokes    draw the pen samples as written (no stroke augmentation; to measure what it buys)
      --no-pendigits     train on MNIST only
      --resume FILE      continue training the model in FILE (its architecture; --arch is ignored)
      --limit N          train on the first N images only (quick experiments)
      --threads N        kernel threads (default: all cores)
      --no-augment       train on the images and strokes as they are
      --preview FILE     write a PNG of the first 400 training inputs of the first epoch and exit
      --measure-strokes  print MNIST's median stroke width (the preprocessor's target) and exit
      -h, --help         show this help
    """ }

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["mnist", "output", "arch", "epochs", "batch", "lr", "decay", "weight-decay", "average-last", "average-lr", "teachers", "teacher-share", "seed", "members", "limit", "threads", "resume",
                                                        "pendigits", "writers", "validate", "stroke-repeats", "non-digits", "number-parts", "preview", "raster-share"],
                                    boolean: ["no-augment", "measure-strokes", "no-pendigits", "plain-strokes"])
        guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "unexpected argument '\(args.positionals[0])'") }
        let threads = try args.int("threads", default: Parallel.threads, range: 1 ... 256)
        return try Parallel.withThreads(threads) { try train(args, arguments: arguments) }
    }

    /// The command, run with its thread count in force.
    private static func train(_ args: ArgumentList, arguments: [String]) throws -> Int32 {
        let archName = args.string("arch") ?? "scrawl"
        guard Architectures.named(archName) != nil else { throw ArgumentList.UsageError(description: "unknown --arch '\(archName)' (scrawl or peer)") }
        let nonDigitCount = try args.int("non-digits", default: defaultNonDigits, range: 0 ... 10_000_000)
        let numberParts = try args.int("number-parts", default: defaultNumberParts, range: 0 ... 10_000_000)
        let strokeRepeats = try args.int("stroke-repeats", default: defaultStrokeRepeats, range: 0 ... 1000)
        let writers = try args.string("writers").map { try writerRange($0, option: "writers") } ?? 1 ... Int.max
        let validate = try args.string("validate").map { try writerRange($0, option: "validate") }
        var pen: [PenDigits.Sample] = [], validation: [PenDigits.Sample] = []
        if !args.flag("no-pendigits") {
            if let path = PenDigits.locate(args.string("pendigits")) {
                let all = try PenDigits.load(path: path)
                pen = all.written(by: writers)
                if let validate { validation = all.written(by: validate) }
                if let validate, writers.overlaps(validate) {
                    Console.err("warning: --validate \(validate) overlaps the training writers: its score is not writer-independent")
                }
            } else if args.string("pendigits") == nil {
                Console.err("pendigits not found (pass --pendigits FILE or set PENDIGITS): training on MNIST only")
            }
        }
        let labels = OutputLabels.digits(rejecting: nonDigitCount > 0)
        guard archName == "scrawl" || labels.rejectIndex == nil else {
            throw ArgumentList.UsageError(description: "--arch peer has ten outputs: add --non-digits 0")
        }
        let specs = archName == "scrawl" ? Architectures.scrawlNet(outputs: labels.names.count) : Architectures.peerCNN
        var options = Trainer.Options()
        options.epochs = try args.int("epochs", default: defaults.epochs, range: 1 ... 10_000)
        options.batchSize = try args.int("batch", default: defaults.batchSize, range: 1 ... 65_536)
        options.learningRate = try args.float("lr", default: defaults.learningRate)
        options.decay = try args.float("decay", default: defaults.decay)
        options.weightDecay = try args.float("weight-decay") ?? 0
        options.seed = UInt64(try args.int("seed", default: Int(defaults.seed)))
        options.averageLastEpochs = try args.int("average-last", default: defaults.averageLastEpochs, range: 0 ... options.epochs)
        options.averageLearningRate = try args.float("average-lr")
        if options.averageLearningRate != nil, options.averageLastEpochs == 0 {
            throw ArgumentList.UsageError(description: "--average-lr needs --average-last N")
        }
        options.teacherShare = try args.float("teacher-share", default: defaults.teacherShare)
        guard options.teacherShare <= 1 else { throw ArgumentList.UsageError(description: "--teacher-share takes a fraction from 0 to 1") }
        let output = args.string("output") ?? "scrawl-model.scrawl"
        guard let folder = DataLocation.mnist(args.string("mnist")) else {
            throw ArgumentList.UsageError(description: "no MNIST data: pass --mnist DIR or set MNIST_DIR")
        }
        var train = try MNIST.load(folder: folder, train: true)
        if args.flag("measure-strokes") {
            Console.out(String(format: "median MNIST stroke width: %.4f of the box", Pipeline.medianStrokeFraction(train)))
            return 0
        }
        if let limit = try args.int("limit", range: 1 ... 60_000) {
            let n = min(train.count, limit)
            train = DigitSet(pixels: Array(train.pixels[0 ..< n * 784]), labels: Array(train.labels[0 ..< n]))
        }
        let test = Pipeline.preprocessed(try MNIST.load(folder: folder, train: false))
        var command = (["scrawl", "train"] + arguments).joined(separator: " ")
        let members = try args.int("members", default: 1, range: 1 ... ModelFile.maxNetworks)
        if members > 1, args.string("resume") != nil {
            throw ArgumentList.UsageError(description: "--resume continues one network; it does not go with --members")
        }
        func fresh(seed: UInt64) throws -> Sequential {
            try Sequential(inputShape: [28, 28, 1], specs: specs, seed: seed,
                           metadata: ["architecture": archName, "command": command, OutputLabels.metadataKey: labels.metadataValue])
        }
        let first: Sequential
        if let resume = args.string("resume") {
            first = try ModelFile.load(path: resume)
            if let earlier = first.metadata["command"] { command = earlier + " && " + command }
            first.metadata["command"] = command
        } else {
            first = try fresh(seed: options.seed)
        }
        let modelLabels = try OutputLabels(of: first)
        options.teachers = try teachers(args.string("teachers"), answering: modelLabels)
        var examples = HandwritingExamples(mnist: train, imageAugmenter: args.flag("no-augment") ? nil : DigitAugmenter(), pen: pen,
                                           strokeRepeats: strokeRepeats, nonDigitCount: modelLabels.rejectIndex == nil ? 0 : nonDigitCount,
                                           numberPartCount: numberParts,
                                           rejectLabel: modelLabels.rejectIndex ?? 0)
        if args.flag("no-augment") || args.flag("plain-strokes") { examples.strokeAugmenter = StrokeAugmenter.none }
        examples.rasterShare = Double(try args.float("raster-share", default: Float(HandwritingExamples.defaultRasterShare)))
        guard (0 ... 1).contains(examples.rasterShare) else { throw ArgumentList.UsageError(description: "--raster-share takes a fraction from 0 to 1") }
        Console.err("training \(archName) (\(first.parameters.reduce(0) { $0 + $1.value.count }) parameters) on \(train.count) MNIST images, "
                    + "\(pen.count) pen samples × \(examples.strokeRepeats), \(examples.nonDigitCount) non-digits, \(examples.numberPartCount) number parts; "
                    + "\(options.epochs) epochs, \(Parallel.threads) threads" + (members > 1 ? "; \(members) networks, seeds \(options.seed) to \(options.seed + UInt64(members - 1))" : ""))
        if let preview = args.string("preview") {
            try writePreview(Trainer(model: first, options: options).firstBatchInputs(examples, count: 400), labels: modelLabels, to: preview)
            Console.out("wrote \(preview)")
            return 0
        }
        // Scores `models` as one model (an ensemble) on the MNIST test set and logs it.
        func score(_ models: [Sequential], stage: String) -> Evaluation {
            let evaluation = Evaluation(model: Ensemble(networks: models), set: test)
            Console.err(String(format: "%@: test accuracy %.2f%% (%d/%d)", stage, evaluation.accuracy * 100,
                               evaluation.correct, evaluation.total))
            return evaluation
        }
        // Scores `models` as one model (an ensemble), records the scores in the
        // first one's metadata, the file's, and saves them; `stage` names it in the log ("epoch 3").
        func scoreAndSave(_ models: [Sequential], epoch: Int, stage: String) {
            let file = models[0]
            let evaluation = score(models, stage: stage)
            file.metadata["test_accuracy"] = String(format: "%.4f", evaluation.accuracy)
            file.metadata["epochs"] = String(epoch)
            if !validation.isEmpty, let recognizer = try? Recognizer(networks: models, source: output) {
                let score = PenDigitsScore(recognizer: recognizer, samples: validation, penWidths: [28], raster: false)
                file.metadata["pendigits_validation"] = String(format: "%.4f", score.accuracy)
                Console.err(String(format: "%@: pendigits writers %@ %.2f%% (%d of %d wrongly rejected)", stage,
                                   "\(validate!.lowerBound)-\(validate!.upperBound)", score.accuracy * 100, score.rejected, score.total))
            }
            do { try ModelFile.save(networks: models, to: output) } catch { Console.err("warning: \(error)") }
        }
        var trained: [Sequential] = []
        for k in 0 ..< members {
            var memberOptions = options
            memberOptions.seed = options.seed &+ UInt64(k)
            let model = k == 0 ? first : try fresh(seed: memberOptions.seed)
            let name = members > 1 ? "network \(k + 1)/\(members) " : ""
            let trainer = Trainer(model: model, options: memberOptions)
            // Each epoch scores this network alone; the file gets it only while no network is finished.
            let scored = { (epoch: Int, stage: String) in
                if trained.isEmpty {
                    scoreAndSave([model], epoch: epoch, stage: name + stage)
                } else {
                    _ = score([model], stage: name + stage)
                }
            }
            var last = Date.distantPast
            let started = Date()
            let finished = trainer.train(on: examples, progress: { p in
                let now = Date()
                guard now.timeIntervalSince(last) > 0.25 || p.batch == p.batches else { return }
                last = now
                let fraction = Double(p.batch) / Double(p.batches)
                let left = p.secondsLeft(followedBy: members - 1 - k, started: started)
                Console.progress(String(format: "%@epoch %d/%d %@ loss %.4f acc %.2f%% %.0f img/s ETA %@", name, p.epoch, p.epochs,
                                        Console.bar(fraction), p.loss, p.accuracy * 100, p.imagesPerSecond, Console.duration(left)),
                                 final: p.batch == p.batches)
            }, endOfEpoch: { epoch in scored(epoch, "epoch \(epoch)") })
            if finished, options.averageLastEpochs > 0 {
                let steps = trainer.applyAverage()
                model.metadata["averaged_steps"] = String(steps)
                scored(options.epochs, "mean of the last \(options.averageLastEpochs) epochs' \(steps) steps")
            }
            guard finished else { break }
            trained.append(model)
            if trained.count > 1 {
                // The file's metadata is the first network's: it now describes the whole model.
                trained[0].metadata["networks"] = String(trained.count)
                scoreAndSave(trained, epoch: options.epochs, stage: "the \(trained.count) networks as one")
            }
        }
        Console.out("wrote \(output): test accuracy \(first.metadata["test_accuracy"] ?? "?")")
        return 0
    }

    /// The networks of the models `--teachers` names (`list`; every network of an ensemble),
    /// ready to answer; each must answer `labels`, the network's outputs, in the same order.
    static func teachers(_ list: String?, answering labels: OutputLabels) throws -> [ExecutionPlan] {
        guard let list else { return [] }
        return try list.split(separator: ",", omittingEmptySubsequences: false).flatMap { name in
            let path = String(name)
            let networks: [Sequential], answers: OutputLabels
            do {
                networks = try ModelFile.loadNetworks(path: path)
                answers = try OutputLabels(of: networks[0])
            } catch {
                throw ArgumentList.UsageError(description: "--teachers: \(path): \(error)")
            }
            let input = networks[0].inputShape
            guard input == [28, 28, 1] else {
                throw ArgumentList.UsageError(description: "--teachers: \(path) reads \(input.map(String.init).joined(separator: "x")) inputs, not 28x28x1")
            }
            guard answers == labels else {
                throw ArgumentList.UsageError(description: "--teachers: \(path) answers \(answers.printed.joined(separator: " ")), "
                                              + "not the network's \(labels.printed.joined(separator: " "))")
            }
            return networks.map { $0.inferencePlan() }
        }
    }

    /// A sheet of 28x28 inputs, 20 a row, each framed red when it is a "not a digit" example.
    static func writePreview(_ inputs: [(input: [Float], label: Int)], labels: OutputLabels, to path: String) throws {
        let (cell, columns) = (30, 20)
        let rows = (inputs.count + columns - 1) / columns
        let (w, h) = (columns * cell, rows * cell)
        var rgba = [UInt8](repeating: 255, count: w * h * 4)
        for (k, item) in inputs.enumerated() {
            let (ox, oy) = (k % columns * cell, k / columns * cell)
            let frame: [UInt8] = labels.names[item.label] == nil ? [220, 40, 40] : [200, 200, 200]
            for y in 0 ..< cell {
                for x in 0 ..< cell {
                    let o = ((oy + y) * w + ox + x) * 4
                    if x == 0 || y == 0 || x == cell - 1 || y == cell - 1 {
                        (rgba[o], rgba[o + 1], rgba[o + 2]) = (frame[0], frame[1], frame[2])
                    } else if x > 0 && y > 0 && x <= 28 && y <= 28 {
                        let v = UInt8(max(0, min(255, (1 - item.input[(y - 1) * 28 + x - 1]) * 255)))
                        (rgba[o], rgba[o + 1], rgba[o + 2]) = (v, v, v)
                    }
                }
            }
        }
        try PNGCodec.save(RGBAImage(width: w, height: h, rgba: rgba), to: path)
    }

    /// "A-B" or "A" as a range of writer numbers.
    static func writerRange(_ text: String, option: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        if parts.count == 1, let a = parts[0], a > 0 { return a ... a }
        if parts.count == 2, let a = parts[0], let b = parts[1], a > 0, a <= b { return a ... b }
        throw ArgumentList.UsageError(description: "--\(option) takes writers as A-B (for example 1-24), not '\(text)'")
    }
}
