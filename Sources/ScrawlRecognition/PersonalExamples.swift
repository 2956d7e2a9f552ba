import Foundation
import ScrawlEngine

/// What a personal model trains on for one epoch: each of the person's examples in several fresh
/// variations (their strokes varied by ``StrokeAugmenter`` when they have strokes, their picture
/// by ``DigitAugmenter`` otherwise), then the replay sample (``ReplaySample``) as it is, so the
/// model keeps reading other people as the base learned them, then drawings that are not digits
/// when the model has that output (for a model taught symbols, only scribbles and other marks,
/// never a letter or a symbol it may have been taught).
///
/// The replay never varies, so what the frozen layers make of it is worked out once
/// (`replayOutputs`) and the trainer runs only the layers that learn on it.
struct PersonalExamples: TrainingExamples {
    let examples: [Teacher.Example]
    let variations: Int
    let replay: DigitSet
    /// The frozen layers' outputs for the replay digits, one after another (empty: not known).
    let replayOutputs: [Float]
    let nonDigitCount: Int
    let rejectLabel: Int?
    /// The non-digit kinds drawn (only marks for a model taught symbols, which may be some of them).
    let nonDigitKinds: [String]
    let imageAugmenter = DigitAugmenter()
    let strokeAugmenter = StrokeAugmenter()
    let nonDigits = NonDigits()

    var personal: Int { examples.count * variations }
    var count: Int { personal + replay.count + (rejectLabel == nil ? 0 : nonDigitCount) }

    func label(_ index: Int) -> Int {
        if index < personal { return examples[index % examples.count].label }
        let i = index - personal
        return i < replay.count ? replay.labels[i] : rejectLabel!
    }

    func input(_ index: Int, rng: inout SeededGenerator) -> [Float] {
        let side = DigitSet.side * DigitSet.side
        if index < personal {
            let example = examples[index % examples.count]
            // The first variation of each example is the example itself.
            if index < examples.count { return example.input }
            if let strokes = example.strokes, !strokes.isEmpty,
               let input = HandwritingExamples.networkInput(strokeAugmenter.augment(strokes, label: nil, rng: &rng),
                                                            raster: rng.nextUnit() < 0.3) {
                return input
            }
            return example.input.withUnsafeBufferPointer { imageAugmenter.augment($0.baseAddress!, rng: &rng) }
        }
        let i = index - personal
        if i < replay.count { return Array(replay.pixels[i * side ..< (i + 1) * side]) }
        let kind = nonDigitKinds[Int(rng.next() % UInt64(nonDigitKinds.count))]
        return HandwritingExamples.networkInput(nonDigits.drawing(of: kind, rng: &rng), raster: false) ?? [Float](repeating: 0, count: side)
    }

    func frozenOutput(_ index: Int) -> ArraySlice<Float>? {
        let i = index - personal
        guard i >= 0, i < replay.count, !replayOutputs.isEmpty else { return nil }
        let width = replayOutputs.count / replay.count
        return replayOutputs[i * width ..< (i + 1) * width]
    }
}
