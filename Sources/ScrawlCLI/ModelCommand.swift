import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl model describe`: what runs for each layer of a model, in training and in inference.
enum ModelCommand {
    static let help = """
    USAGE: scrawl model describe [FILE | --arch NAME] [--freeze N]
           scrawl model combine FILE FILE... --output FILE
           scrawl model replay-sample --output DIR [--per-digit N] [--writers A-B] [--mnist DIR] [--pendigits FILE]

    Prints a model's layers and its execution plans: for training and for inference, one line per
    stage with the layers it runs, the shapes in and out, the kernel that runs forward and
    backward (in-place, patch-matrix, small-window, Winograd, whole-image-as-dense) and what is
    fused into it (BatchNorm folded, ReLU in the epilogue, the pool masking a ReLU's gradient).
    A model of several networks is described network by network.

    combine writes one model of the given models' networks (an ensemble: the first network
    answers what it is sure of, the mean of all their answers the rest; `scrawl train --members K`
    trains one). Their networks must read the same input and answer
    the same labels; the first file's metadata becomes the model's.

    OPTIONS:
      FILE           model file (default: the shipped model)
      --arch NAME    a fresh network instead: scrawl or peer
      --freeze N     plan training with layers 0 to N-1 frozen (as fine-tuning does)

    replay-sample writes the digits personal models rehearse while they learn (Resources/replay-*.idx.gz):
    N per digit (default 200), half MNIST training digits, half pendigits trajectories of the
    writers (default 1-24, those the validation model trained on) drawn through the stroke path.
      -h, --help     show this help
    """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.first == "replay-sample" { return try replaySample(Array(arguments.dropFirst())) }
        if arguments.first == "combine" { return try combine(Array(arguments.dropFirst())) }
        guard arguments.first == "describe" else {
            throw ArgumentList.UsageError(description: arguments.first.map { "unknown model command '\($0)'" } ?? "no model command given (describe)")
        }
        let args = try ArgumentList(Array(arguments.dropFirst()), valued: ["arch", "freeze"], boolean: [])
        guard args.positionals.count <= 1 else { throw ArgumentList.UsageError(description: "one model file at most") }
        let networks: [Sequential], source: String
        if let name = args.string("arch") {
            guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "give a file or --arch, not both") }
            guard let specs = Architectures.named(name) else { throw ArgumentList.UsageError(description: "unknown architecture '\(name)'") }
            networks = [try Sequential(inputShape: [28, 28, 1], specs: specs)]
            source = "architecture \(name)"
        } else {
            let path = args.positionals.first ?? ResourceLocator.path(of: ResourceLocator.modelName)
            guard let path else { throw ModelError.io("the shipped model \(ResourceLocator.modelName) was not found (set SCRAWL_RESOURCES or give a FILE)") }
            networks = try ModelFile.loadNetworks(path: path)
            source = path
        }
        var lines: [String] = []
        for (k, model) in networks.enumerated() {
            model.frozenLayers = try args.int("freeze", default: 0, range: 0 ... model.layers.count)
            let name = networks.count == 1 ? source : "\(source), network \(k + 1) of \(networks.count)"
            lines += (k == 0 ? [] : [""]) + describe(model, source: name)
        }
        Console.out(lines.joined(separator: "\n"))
        return 0
    }

    /// `scrawl model combine A B ... --output FILE`: the models' networks as one model.
    static func combine(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["output"], boolean: [])
        guard let output = args.string("output") else { throw ArgumentList.UsageError(description: "--output FILE is required") }
        guard args.positionals.count >= 2 else { throw ArgumentList.UsageError(description: "combine takes two model files or more") }
        var networks: [Sequential] = []
        var labels: OutputLabels?
        var made: [String] = []   // each file's name and the command that made it
        for path in args.positionals {
            let loaded = try ModelFile.loadNetworks(path: path)
            made.append("\((path as NSString).lastPathComponent): \(loaded[0].metadata["command"] ?? "?")")
            let answers = try OutputLabels(of: loaded[0])
            if let labels, answers != labels || loaded[0].inputShape != networks[0].inputShape {
                throw ArgumentList.UsageError(description: "\(path) answers \(answers.printed.joined(separator: " ")) from \(loaded[0].inputShape.map(String.init).joined(separator: "x")) inputs, "
                                              + "not \(labels.printed.joined(separator: " ")) from \(networks[0].inputShape.map(String.init).joined(separator: "x")) as \(args.positionals[0]) does")
            }
            labels = answers
            networks += loaded
        }
        guard networks.count <= ModelFile.maxNetworks else {
            throw ArgumentList.UsageError(description: "\(networks.count) networks is more than the \(ModelFile.maxNetworks) a model file holds")
        }
        networks[0].metadata["networks"] = String(networks.count)
        networks[0].metadata["command"] = (["scrawl", "model", "combine"] + arguments).joined(separator: " ")
        networks[0].metadata["combined"] = made.joined(separator: " ; ")
        networks[0].metadata["test_accuracy"] = nil
        networks[0].metadata["pendigits_validation"] = nil
        if let folder = DataLocation.mnist(nil) {
            let test = Pipeline.preprocessed(try MNIST.load(folder: folder, train: false))
            let evaluation = Evaluation(model: Ensemble(networks: networks), set: test)
            networks[0].metadata["test_accuracy"] = String(format: "%.4f", evaluation.accuracy)
        }
        try ModelFile.save(networks: networks, to: output)
        Console.out("wrote \(output): \(networks.count) networks" + (networks[0].metadata["test_accuracy"].map { ", test accuracy \($0)" } ?? ""))
        return 0
    }

    /// `scrawl model replay-sample --output DIR`: writes ``ReplaySample``'s two files.
    static func replaySample(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentList(arguments, valued: ["output", "mnist", "pendigits", "writers", "per-digit", "seed"], boolean: [])
        guard let output = args.string("output") else { throw ArgumentList.UsageError(description: "--output DIR is required") }
        guard let mnistFolder = DataLocation.mnist(args.string("mnist")), let penPath = PenDigits.locate(args.string("pendigits")) else {
            throw ArgumentList.UsageError(description: "needs MNIST (--mnist DIR) and pendigits (--pendigits FILE)")
        }
        let writers = try args.string("writers").map { try TrainCommand.writerRange($0, option: "writers") } ?? 1 ... 24
        let mnist = Pipeline.preprocessed(try MNIST.load(folder: mnistFolder, train: true))
        let pen = try PenDigits.load(path: penPath).written(by: writers)
        let sample = ReplaySample.make(mnist: mnist, pen: pen, perDigit: try args.int("per-digit", default: 200, range: 2 ... 5000),
                                       seed: UInt64(try args.int("seed", default: 1)))
        try ReplaySample.write(sample, to: output)
        Console.out("wrote \(sample.count) digits (MNIST training digits and pendigits writers \(writers.lowerBound)-\(writers.upperBound)) to \(output)")
        return 0
    }

    /// The model's layers, then its training and inference plans.
    static func describe(_ model: Sequential, source: String) -> [String] {
        var shape = model.inputShape
        var lines = ["\(source): \(model.layers.count) layers, \(model.parameters.reduce(0) { $0 + $1.value.count }) parameters"]
        for (i, layer) in model.layers.enumerated() {
            shape = layer.outputShape(for: shape)
            lines.append("  layer \(i): \(layer.spec.summary) -> \(shape.map(String.init).joined(separator: "x"))")
        }
        return lines + [""] + model.trainingPlan.describe() + [""] + model.inferencePlan().describe()
    }
}
