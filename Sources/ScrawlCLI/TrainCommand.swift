import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl train`: trains a model on MNIST with augmentation and writes a model file.
enum TrainCommand {
    static let help = """
    USAGE: scrawl train [options]

    Trains a network on the MNIST training set with Scrawl's augmentation (rotation, scaling,
    squashing, shear, stroke thickness) and preprocessing, evaluates it on the test set after every
    epoch, and writes the model file (also after each epoch, so an interrupted run leaves a model).

    OPTIONS:
      --mnist DIR        MNIST IDX files (default: $MNIST_DIR, else ../shared/mnist)
      --output FILE      model file to write (default: scrawl-model.scrawl)
      --arch NAME        scrawl (default, the shipped network) or peer (the benchmark CNN)
      --epochs N         passes over the training set (default: 30)
      --batch N          images per step (default: 128)
      --lr RATE          Adam learning rate (default: 0.001)
      --decay F          learning rate factor per epoch (default: 0.9)
      --seed N           seed for initialisation, shuffling, dropout, augmentation (default: 1)
      --resume FILE      continue training the model in FILE (its architecture; --arch is ignored)
      --limit N          train on the first N images only (quick experiments)
      --threads N        kernel threads (default: all cores)
      --no-augment       train on the images as they are
      --measure-strokes  print MNIST's median stroke width (the preprocessor's target) and exit
      -h, --help         show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["mnist", "output", "arch", "epochs", "batch", "lr", "decay", "seed", "limit", "threads", "resume"],
                                    boolean: ["no-augment", "measure-strokes"])
        guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "unexpected argument '\(args.positionals[0])'") }
        if let t = args.string("threads") { Parallel.threads = try args.int("threads", default: Int(t) ?? 1, range: 1 ... 256) }
        let archName = args.string("arch") ?? "scrawl"
        guard let specs = Architectures.named(archName) else { throw ArgumentList.UsageError(description: "unknown --arch '\(archName)' (scrawl or peer)") }
        var options = Trainer.Options()
        options.epochs = try args.int("epochs", default: 30, range: 1 ... 10_000)
        options.batchSize = try args.int("batch", default: 128, range: 1 ... 65_536)
        options.learningRate = try args.float("lr", default: 1e-3)
        options.decay = try args.float("decay", default: 0.9)
        options.seed = UInt64(try args.int("seed", default: 1))
        let output = args.string("output") ?? "scrawl-model.scrawl"
        guard let folder = MNIST.locate(args.string("mnist")) else {
            throw ArgumentList.UsageError(description: "no MNIST data: pass --mnist DIR or set MNIST_DIR")
        }
        var train = try MNIST.load(folder: folder, train: true)
        if args.flag("measure-strokes") {
            Console.out(String(format: "median MNIST stroke width: %.4f of the box", Pipeline.medianStrokeFraction(train)))
            return 0
        }
        if let limit = args.string("limit") {
            let n = min(train.count, try args.int("limit", default: Int(limit) ?? 0, range: 1 ... 60_000))
            train = DigitSet(pixels: Array(train.pixels[0 ..< n * 784]), labels: Array(train.labels[0 ..< n]))
        }
        let test = Pipeline.preprocessed(try MNIST.load(folder: folder, train: false))
        var command = (["scrawl", "train"] + arguments).joined(separator: " ")
        let model: Sequential
        if let resume = args.string("resume") {
            model = try ModelFile.load(path: resume)
            if let earlier = model.metadata["command"] { command = earlier + " && " + command }
            model.metadata["command"] = command
        } else {
            model = try Sequential(inputShape: [28, 28, 1], specs: specs, seed: options.seed,
                                   metadata: ["architecture": archName, "command": command])
        }
        Console.err("training \(archName) (\(model.parameters.reduce(0) { $0 + $1.value.count }) parameters) on \(train.count) images, "
                    + "\(options.epochs) epochs, \(Parallel.threads) threads")
        let augmenter = args.flag("no-augment") ? nil : DigitAugmenter()
        var transform: Trainer.Transform?
        if let augmenter {
            transform = { @Sendable pixels, rng in augmenter.augment(pixels, rng: &rng) }
        }
        let trainer = Trainer(model: model, options: options)
        var last = Date.distantPast
        trainer.train(on: train, transform: transform, progress: { p in
            let now = Date()
            guard now.timeIntervalSince(last) > 0.25 || p.batch == p.batches else { return }
            last = now
            let fraction = Double(p.batch) / Double(p.batches)
            Console.progress(String(format: "epoch %d/%d %@ loss %.4f acc %.2f%% %.0f img/s ETA %@", p.epoch, p.epochs,
                                    Console.bar(fraction), p.loss, p.accuracy * 100, p.imagesPerSecond, Console.duration(p.secondsLeft)),
                             final: p.batch == p.batches)
        }, endOfEpoch: { epoch in
            let evaluation = Evaluation(model: model.inferenceModel(), set: test)
            model.metadata["test_accuracy"] = String(format: "%.4f", evaluation.accuracy)
            model.metadata["epochs"] = String(epoch)
            Console.err(String(format: "epoch %d: test accuracy %.2f%% (%d/%d)", epoch, evaluation.accuracy * 100,
                               evaluation.correct, evaluation.total))
            do { try ModelFile.save(model, to: output) } catch { Console.err("warning: \(error)") }
        })
        Console.out("wrote \(output): test accuracy \(model.metadata["test_accuracy"] ?? "?")")
        return 0
    }
}
