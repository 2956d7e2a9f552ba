import Foundation
import ScrawlEngine

/// The training examples of a model that reads real handwriting: MNIST (augmented as images), real
/// pen trajectories (varied by ``StrokeAugmenter`` and drawn through the canvas's own stroke path),
/// and drawings that are not digits (``NonDigits``, and the pen samples' ``NumberParts``: pairs of
/// digits and digits with a slice of their neighbour), labelled with the extra output.
///
/// Indices run over MNIST first, then `strokeRepeats` passes over the pen samples, then the
/// non-digits, then the number parts; every pen sample, non-digit and number part is made afresh
/// from the example's generator, so each epoch sees new variations.
public struct HandwritingExamples: TrainingExamples {
    public let mnist: DigitSet
    /// MNIST as training examples, each image through the image augmentation (made once).
    let images: TransformedDigits
    public var pen: [PenDigits.Sample]
    public var strokeRepeats: Int
    public var strokeAugmenter = StrokeAugmenter()
    public var nonDigitCount: Int
    public var nonDigits = NonDigits()
    /// Number parts an epoch (none without pen samples or a "not a digit" output).
    public let numberPartCount: Int
    let numberParts: NumberParts?
    /// Class of the non-digits (the model's "not a digit" output).
    public var rejectLabel: Int
    /// Share of stroke drawings rendered as a raster and thickness-normalised, the way a saved PNG
    /// is read, instead of re-rendered from their vectors, the way the canvas is read.
    public var rasterShare = HandwritingExamples.defaultRasterShare
    public static let defaultRasterShare = 0.4

    public init(mnist: DigitSet, imageAugmenter: DigitAugmenter?, pen: [PenDigits.Sample], strokeRepeats: Int,
                nonDigitCount: Int, numberPartCount: Int = 0, rejectLabel: Int) {
        self.mnist = mnist
        images = TransformedDigits(set: mnist, transform: imageAugmenter.map { a in { @Sendable p, r in a.augment(p, rng: &r) } })
        self.pen = pen
        self.strokeRepeats = pen.isEmpty ? 0 : strokeRepeats
        self.nonDigitCount = nonDigitCount
        self.numberPartCount = pen.isEmpty || nonDigitCount == 0 ? 0 : numberPartCount
        numberParts = self.numberPartCount > 0 ? NumberParts(samples: pen) : nil
        self.rejectLabel = rejectLabel
    }

    var strokeCount: Int { pen.count * strokeRepeats }
    public var count: Int { mnist.count + strokeCount + nonDigitCount + numberPartCount }

    public func label(_ index: Int) -> Int {
        if index < mnist.count { return mnist.labels[index] }
        let i = index - mnist.count
        return i < strokeCount ? pen[i % pen.count].label : rejectLabel
    }

    public func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
        if index < mnist.count { return images.input(index, rng: &rng) }
        let i = index - mnist.count
        if i >= strokeCount + nonDigitCount {
            return numberParts?.input(raster: Double(rng.nextUnit()) < rasterShare, rng: &rng) ?? [Float](repeating: 0, count: 784)
        }
        let drawing = i < strokeCount
            ? strokeAugmenter.augment(pen[i % pen.count].strokes, label: pen[i % pen.count].label, rng: &rng)
            : nonDigits.drawing(rng: &rng)
        let raster = Double(rng.nextUnit()) < rasterShare
        return Self.networkInput(drawing, raster: raster) ?? [Float](repeating: 0, count: 784)
    }

    /// What the network is given for `drawing`: re-rendered from its strokes as the canvas does, or
    /// (`raster`) from its picture at `rasterSide`, as a saved PNG is read (training renders at half
    /// the canvas's side, the same picture at a quarter of the cost).
    public static func networkInput(_ drawing: Drawing, raster: Bool, rasterSide: Int = Drawing.side / 2) -> [Float]? {
        if raster {
            return Preprocessor.digitInput(from: Rasterizer.renderInk(drawing, side: rasterSide))?.pixels
        }
        return Rasterizer.recognitionInput(drawing)?.pixels
    }
}
