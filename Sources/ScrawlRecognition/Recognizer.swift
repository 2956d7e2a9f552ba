import Foundation
import ScrawlEngine

/// A loaded model and the one recognition path every front end uses: preprocess, infer, softmax
/// (several networks read as one, ``Ensemble``, when the model has several).
public final class Recognizer: @unchecked Sendable {
    // Unchecked: every property is a let; the plans' forward passes only read their layers, and
    // recognitions are serialised by `lock` anyway, so one recognizer can serve any thread.
    /// The model's networks as loaded: one, or several read as one (``Ensemble``).
    public let networks: [Sequential]
    /// The first (or only) network; its metadata is the model file's.
    public var model: Sequential { networks[0] }
    /// The networks' inference plans (BatchNorm folded, ReLU fused, dropout an identity).
    public let ensemble: Ensemble
    /// Where the model came from, for display.
    public let source: String
    /// What each of the model's outputs means.
    public let labels: OutputLabels
    private let lock = NSLock()

    /// The name of a personal model (its folder's), shown instead of the file's.
    public let name: String?
    /// True for the shipped model, found among the resources (not a personal model, nor a file
    /// given by path).
    public let isBuiltIn: Bool

    /// Throws when the model's recorded labels do not fit its outputs.
    public convenience init(model: Sequential, source: String, name: String? = nil) throws {
        try self.init(networks: [model], source: source, name: name)
    }

    /// A model of several networks (at least one) read as one (``Ensemble``); throws when
    /// their recorded labels differ or do not fit their outputs.
    public init(networks: [Sequential], source: String, name: String? = nil) throws {
        guard let first = networks.first else { throw ModelError.shapeMismatch("a model needs at least one network") }
        self.name = name
        labels = try OutputLabels(of: first)
        for (k, network) in networks.enumerated().dropFirst() where try OutputLabels(of: network) != labels || network.inputShape != first.inputShape {
            throw ModelError.shapeMismatch("network \(k + 1) does not read and answer as network 1 does")
        }
        self.networks = networks
        ensemble = Ensemble(networks: networks)
        self.source = source
        isBuiltIn = name == nil && ResourceLocator.path(of: ResourceLocator.modelName).map { Self.isSameFile($0, source) } ?? false
    }

    /// Whether two paths name the same file (device and inode), however each is spelled.
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        return stat(a, &first) == 0 && stat(b, &second) == 0 && first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// True when the model can answer "not a digit".
    public var rejects: Bool { labels.rejectIndex != nil }

    /// True when the model reads the digits 0-9 and so whole numbers; a model taught symbols
    /// of its own reads one at a time.
    public var readsNumbers: Bool { labels.isDigits }

    /// Loads the model at `path`, or the shipped model when `path` is nil.
    public convenience init(modelPath path: String?) throws {
        guard let resolved = path ?? ResourceLocator.path(of: ResourceLocator.modelName) else {
            throw ModelError.io(tr("the shipped model {file} was not found (set SCRAWL_RESOURCES or pass --model)", ["file": ResourceLocator.modelName]))
        }
        try self.init(networks: try ModelFile.loadNetworks(path: resolved), source: resolved)
    }

    /// A short name for the model: a personal model's name, else its file name and its test
    /// accuracy when recorded.
    public var displayName: String {
        if let name { return name }
        let name = (source as NSString).lastPathComponent
        if let acc = model.metadata["test_accuracy"], let v = Double(acc) { return String(format: "%@ (%.2f%%)", name, v * 100) }
        return name
    }

    /// ``displayName`` with its accuracy written as the reader's locale writes numbers, for the
    /// window; ``displayName`` stays the same everywhere, for the history and scripts.
    public var localizedName: String {
        if let name { return name }
        let file = (source as NSString).lastPathComponent
        guard let accuracy = model.metadata["test_accuracy"].flatMap(Double.init) else { return file }
        return "\(file) (\(Translation.percent(accuracy, digits: 2)))"
    }

    /// Recognizes a preprocessed 28x28 input.
    public func recognize(input: [Float]) -> Recognition {
        lock.lock()
        defer { lock.unlock() }
        let probs = ensemble.predict(Tensor(shape: [1, 28, 28, 1], data: input)).data
        return Self.recognition(probabilities: probs, labels: labels, input: input)
    }

    /// The answer a model's output probabilities give.
    static func recognition(probabilities probs: [Float], labels: OutputLabels, input: [Float]) -> Recognition {
        let classes = labels.rejectIndex.map { reject in probs.enumerated().filter { $0.offset != reject }.map(\.element) } ?? probs
        let best = classes.indices.max { classes[$0] < classes[$1] } ?? 0
        return Recognition(digit: best, probabilities: classes, notADigitProbability: labels.rejectIndex.map { probs[$0] } ?? 0,
                           input: input, labels: labels.classes)
    }

    /// Recognizes many preprocessed inputs at once (evaluation), in batches across the threads.
    public func recognize(inputs: [[Float]]) -> [Recognition] {
        lock.lock()
        defer { lock.unlock() }
        var out: [Recognition] = []
        out.reserveCapacity(inputs.count)
        for start in stride(from: 0, to: inputs.count, by: 1000) {
            let slice = inputs[start ..< min(inputs.count, start + 1000)]
            let probs = ensemble.predict(Tensor(shape: [slice.count, 28, 28, 1], data: Array(slice.joined())))
            let width = probs.count / slice.count
            for (k, input) in slice.enumerated() {
                out.append(Self.recognition(probabilities: Array(probs.data[k * width ..< (k + 1) * width]), labels: labels, input: input))
            }
        }
        return out
    }

    /// Recognizes a drawing; nil when it has no ink.
    public func recognize(_ drawing: Drawing) -> Recognition? {
        guard let prepared = Rasterizer.recognitionInput(drawing) else { return nil }
        return recognize(input: prepared.pixels)
    }

    /// Recognizes a picture of any size and polarity; nil when it has no ink.
    public func recognize(_ image: RGBAImage) -> Recognition? {
        recognize(ink: image.ink)
    }

    /// Recognizes an ink image (``RGBAImage/ink``, for callers that also use the ink otherwise).
    public func recognize(ink: GrayImage) -> Recognition? {
        guard let prepared = Preprocessor.digitInput(from: ink) else { return nil }
        return recognize(input: prepared.pixels)
    }
}
