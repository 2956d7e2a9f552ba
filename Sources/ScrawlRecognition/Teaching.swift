import Foundation
import ScrawlEngine

/// Creating, updating and improving a personal model, the same way from the command line and the
/// window: the person's new examples and every example the model already keeps are turned into
/// network inputs, a model is taught from the base (``Teacher``), and the model, its manifest
/// and the new examples are stored (``PersonalModelStore``).
public enum Teaching {
    /// A new labelled example: a picture (PNG bytes) and, when drawn on the canvas, its strokes.
    public struct NewExample: Sendable {
        public var label: String
        public var png: Data
        public var strokes: [[Point]]?
        /// Where it came from, for messages (a file name).
        public var source: String
        /// The id to keep it under; an example whose id the model already keeps is not added twice
        /// (a history entry given again by "Improve").
        public var id: String?

        public init(label: String, png: Data, strokes: [[Point]]? = nil, source: String, id: String? = nil) {
            self.label = label
            self.png = png
            self.strokes = strokes
            self.source = source
            self.id = id
        }
    }

    /// The digits of a corrected number as examples: the number's picture (`png`) is read again
    /// by `reader`, and when it gives as many symbols as `corrected` has (its digits and `?`s;
    /// decimal points and spaces aside), each symbol's ink, cut out by its box, is an example of
    /// the digit the person wrote there (a `?`, no digit, gives none). Empty when the picture
    /// cannot be read or reads as a different count: which digit is which would be a guess. Each
    /// example's id is `id` and its place in the number, so giving it again adds nothing.
    public static func examples(ofNumber png: Data, corrected: String, reader: NumberReader, id: String) -> [NewExample] {
        let wanted = corrected.filter { $0 != "." && $0 != " " }.map(String.init)
        guard let ink = try? PNGCodec.decode(png).ink, let reading = reader.read(ink: ink), reading.refusal == nil else { return [] }
        let symbols = reading.symbols
        guard symbols.count == wanted.count else { return [] }
        return zip(symbols, wanted).enumerated().compactMap { k, pair -> NewExample? in
            let (part, label) = pair
            guard OutputLabels.digitNames.contains(label) else { return nil }
            let margin = 2.0
            let x0 = max(0, Int(part.box.x0 - margin)), y0 = max(0, Int(part.box.y0 - margin))
            let x1 = min(ink.width, Int((part.box.x1 + margin).rounded(.up))), y1 = min(ink.height, Int((part.box.y1 + margin).rounded(.up)))
            guard x1 > x0, y1 > y0 else { return nil }
            var crop = GrayImage(width: x1 - x0, height: y1 - y0)
            for y in y0 ..< y1 { for x in x0 ..< x1 { crop[x - x0, y - y0] = ink[x, y] } }
            guard let picture = try? PNGCodec.encode(Rasterizer.renderForDisplay(Drawing(picture: crop))) else { return nil }
            return NewExample(label: label, png: picture, source: "digit \(k + 1) of the number \(corrected)", id: "\(id)-\(k + 1)")
        }
    }

    /// What teaching produced, and what it skipped.
    public struct Result: Sendable {
        public var manifest: PersonalModelStore.Manifest
        /// Examples that could not be used, each with the reason.
        public var skipped: [String]
        public var seconds: Double
    }

    /// Which labels a personal model answers.
    public enum Labels: Sendable {
        /// The base model's labels and the taught ones (a person's "A B C" besides the digits).
        case withBase
        /// Only the taught labels (and "none of these" when the base has that output).
        case taughtOnly
    }

    /// Teaches (or re-teaches) the personal model `name` from `base` on its stored examples plus
    /// `newExamples`, then stores it. A label the base does not have ("A", "+", any short text)
    /// becomes a new output; `labels` says whether the base's own stay (nil: as the model did
    /// before, or `.withBase` for a new model). Nothing is written unless teaching succeeds, and
    /// then the model before the manifest, each atomically.
    public static func teach(name: String, base: [Sequential], baseName: String, newExamples: [NewExample], labels choice: Labels? = nil,
                             store: PersonalModelStore, replay: DigitSet, options: Teacher.Options = Teacher.Options(),
                             progress: (Trainer.Progress) -> Void = { _ in }, isCancelled: () -> Bool = { false }) throws -> Result {
        try PersonalModelStore.validate(name: name)
        guard let first = base.first else { throw ModelError.shapeMismatch("a model needs at least one network") }
        let baseLabels = try OutputLabels(of: first)
        let before = (try? store.manifest(name)).map { $0.labels.compactMap { $0 } }
        let taughtOnly = choice.map { $0 == .taughtOnly } ?? before.map { !Set(baseLabels.classes).isSubset(of: $0) } ?? false
        var skipped: [String] = [], pictures: [(label: String, example: Teacher.Example)] = []
        func add(label: String, png: Data?, pngPath: String?, strokes: [[Point]]?, source: String) {
            if let problem = OutputLabels.problem(with: label) { skipped.append("\(source): \(problem)"); return }
            do {
                let image = try png.map { try PNGCodec.decode($0) } ?? PNGCodec.load(path: pngPath!)
                guard let input = Preprocessor.digitInput(from: image.ink) else { skipped.append("\(source): blank, no ink"); return }
                pictures.append((label, Teacher.Example(input: input.pixels, label: 0, strokes: strokes)))
            } catch {
                skipped.append("\(source): \(error)")
            }
        }
        let kept = store.examples(of: name)
        for old in kept {
            add(label: old.label, png: nil, pngPath: store.pictureURL(of: old, in: name).path, strokes: old.strokes, source: "stored example \(old.id)")
        }
        let keptIDs = Set(kept.map(\.id))
        let newExamples = newExamples.filter { $0.id.map { !keptIDs.contains($0) } ?? true }
        for new in newExamples { add(label: new.label, png: new.png, pngPath: nil, strokes: new.strokes, source: new.source) }
        // The base's labels (unless only the taught ones), then the ones the model had, then new
        // ones in the order met, so an output keeps its place when a model is improved.
        var classes = taughtOnly ? [] : baseLabels.classes
        for label in (before ?? []) + pictures.map(\.label) where !classes.contains(label) && pictures.contains(where: { $0.label == label }) {
            classes.append(label)
        }
        let labels = OutputLabels(names: classes + (baseLabels.rejectIndex == nil ? [] : [nil]))
        let examples = pictures.map { p in
            var example = p.example
            example.label = classes.firstIndex(of: p.label)!
            return example
        }
        let outcome = try Teacher.teach(base: base, labels: labels, examples: examples, replay: replay, options: options,
                                        progress: progress, isCancelled: isCancelled)
        for network in outcome.networks {
            network.metadata["base"] = baseName
            network.metadata["personal_model"] = name
            network.metadata["test_accuracy"] = nil   // the base's MNIST figure, not this model's
        }
        let manifest = PersonalModelStore.Manifest(labels: labels.names, base: baseName, examples: examples.count, heldBack: outcome.heldBack,
                                                   heldBackAccuracy: outcome.heldBackAccuracy, trained: Date())
        try store.save(outcome.networks, as: name, manifest: manifest)
        for new in newExamples where OutputLabels.problem(with: new.label) == nil {
            try store.addExample(to: name, label: new.label, png: new.png, strokes: new.strokes, id: new.id)
        }
        return Result(manifest: manifest, skipped: skipped, seconds: outcome.seconds)
    }
}
