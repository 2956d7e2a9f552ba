import Foundation
import ScrawlEngine
import ScrawlRecognition

/// `scrawl model describe`: what runs for each layer of a model, in training and in inference.
enum ModelCommand {
    static let help = """
    USAGE: scrawl model describe [FILE | --arch NAME] [--freeze N]
           scrawl model replay-sample --output DIR [--per-digit N] [--writers A-B] [--mnist DIR] [--pendigits FILE]

    Prints a model's layers and its execution plans: for training and for inference, one line per
    stage with the layers it runs, the shapes in and out, the kernel that runs forward and
    backward (in-place, patch-matrix, small-window, Winograd, whole-image-as-dense) and what is
    fused into it (BatchNorm folded, ReLU in the epilogue, the pool masking a ReLU's gradient).

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
        guard arguments.first == "describe" else {
            throw ArgumentList.UsageError(description: arguments.first.map { "unknown model command '\($0)'" } ?? "no model command given (describe)")
        }
        let args = try ArgumentList(Array(arguments.dropFirst()), valued: ["arch", "freeze"], boolean: [])
        guard args.positionals.count <= 1 else { throw ArgumentList.UsageError(description: "one model file at most") }
        let model: Sequential, source: String
        if let name = args.string("arch") {
            guard args.positionals.isEmpty else { throw ArgumentList.UsageError(description: "give a file or --arch, not both") }
            guard let specs = Architectures.named(name) else { throw ArgumentList.UsageError(description: "unknown architecture '\(name)'") }
            model = try Sequential(inputShape: [28, 28, 1], specs: specs)
            source = "architecture \(name)"
        } else {
            let path = args.positionals.first ?? ResourceLocator.path(of: ResourceLocator.modelName)
            guard let path else { throw ModelError.io("the shipped model \(ResourceLocator.modelName) was not found (set SCRAWL_RESOURCES or give a FILE)") }
            model = try ModelFile.load(path: path)
            source = path
        }
        model.frozenLayers = try args.int("freeze", default: 0, range: 0 ... model.layers.count)
        Console.out(describe(model, source: source).joined(separator: "\n"))
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
