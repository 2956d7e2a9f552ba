import Foundation
import ScrawlEngine

/// A loaded model and the one recognition path every front end uses: preprocess, infer, softmax.
public final class Recognizer: @unchecked Sendable {
    /// The inference form of the model (BatchNorm folded, dropout removed).
    public let model: Sequential
    /// Where the model came from, for display.
    public let source: String
    private let lock = NSLock()

    public init(model: Sequential, source: String) {
        self.model = model.inferenceModel()
        self.source = source
    }

    /// Loads the model at `path`, or the shipped model when `path` is nil.
    public convenience init(modelPath path: String?) throws {
        guard let resolved = path ?? ResourceLocator.path(of: ResourceLocator.modelName) else {
            throw ModelError.io("the shipped model \(ResourceLocator.modelName) was not found (set SCRAWL_RESOURCES or pass --model)")
        }
        self.init(model: try ModelFile.load(path: resolved), source: resolved)
    }

    /// A short name for the model (file name and its test accuracy when recorded).
    public var displayName: String {
        let name = (source as NSString).lastPathComponent
        if let acc = model.metadata["test_accuracy"], let v = Double(acc) { return String(format: "%@ (%.2f%%)", name, v * 100) }
        return name
    }

    /// Recognizes a preprocessed 28x28 input.
    public func recognize(input: [Float]) -> Recognition {
        lock.lock()
        defer { lock.unlock() }
        let probs = model.predict(Tensor(shape: [1, 28, 28, 1], data: input)).data
        let digit = probs.indices.max { probs[$0] < probs[$1] } ?? 0
        return Recognition(digit: digit, probabilities: probs, input: input)
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
