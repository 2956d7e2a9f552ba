import Foundation
import ScrawlEngine

/// Groupings of a written number's ink that are no single digit, the wrong answers the number
/// reader's segmentation by recognition (``SegmentChooser``) weighs against the right ones, drawn
/// to train the "not a digit" output so the model itself says when a group is not one digit:
/// - two neighbouring digits taken as one, from wide apart to overlapping, as strokes or as a
///   saved picture;
/// - a digit with a slice of the neighbour it touches, cut off at a column as a saved picture's
///   wide piece is sliced (only pictures are sliced; strokes are grouped whole).
///
/// Numbers are composed as ``ComposedNumber`` composes the evaluation set, from the training
/// writers' pen samples only.
struct NumberParts: Sendable {
    /// The pen samples by digit.
    let byLabel: [Int: [PenDigits.Sample]]
    /// Share of the drawings that are a digit with a slice of its neighbour; the rest are pairs.
    var sliceShare = 0.5
    /// How much of the neighbour a slice keeps, as a share of its ink's width: enough to be more
    /// than a stray edge, never so much that the slice could pass for the whole digit.
    var sliceWidths: ClosedRange<Double> = 0.3 ... 0.7

    init(samples: [PenDigits.Sample]) {
        byLabel = Dictionary(grouping: samples, by: \.label)
    }

    /// The network input of one drawing; `raster` reads a pair as a saved picture (slices always
    /// are pictures). Nil when the samples give no pair (none at all, or a digit drawn has none).
    func input(raster: Bool, rng: inout SeededGenerator) -> [Float]? {
        guard !byLabel.isEmpty else { return nil }
        let slice = Double(rng.nextUnit()) < sliceShare
        let pair = ComposedNumber.compose(digits: 2, spacing: slice || rng.next() % 2 == 0 ? .touching : .separated,
                                          decimalPoint: false, byLabel: byLabel, rng: &rng)
        guard pair.digitBoxes.count == 2 else { return nil }
        guard slice || raster else { return Rasterizer.recognitionInput(pair.drawing)?.pixels }
        let picture = pair.picture
        guard slice else { return Preprocessor.digitInput(from: picture)?.pixels }
        let share = sliceWidths.lowerBound + Double(rng.nextUnit()) * (sliceWidths.upperBound - sliceWidths.lowerBound)
        return Preprocessor.digitInput(from: Self.sliced(pair, picture: picture, keepingLeft: rng.next() % 2 == 0, share: share) ?? picture)?.pixels
    }

    /// `pair`'s `picture` cut at a column inside one digit: the other digit whole (on the kept side)
    /// and `share` of the cut one's width, with the cut-off crumbs cleared as the reader clears them.
    /// Nil when less than a quarter of the cut digit's ink beside the kept one is left (a slice of a
    /// thin 1, or a crumb the reader clears): that picture is the kept digit alone, a digit.
    static func sliced(_ pair: ComposedNumber, picture: GrayImage, keepingLeft: Bool, share: Double) -> GrayImage? {
        let cutBox = keepingLeft ? pair.digitBoxes[1] : pair.digitBoxes[0]
        let column = keepingLeft ? cutBox.x0 + share * cutBox.width : cutBox.x1 - share * cutBox.width
        let cut = min(max(Int(column.rounded()), 1), picture.width - 1)
        let columns = keepingLeft ? 0 ..< cut : cut ..< picture.width
        let sliced = NumberReader.trimmed(picture.columns(columns), left: !keepingLeft, right: keepingLeft)
        // The cut digit's ink in the columns beside the kept digit, before and after the cut.
        let kept = keepingLeft ? pair.digitBoxes[0] : pair.digitBoxes[1]
        let beside = keepingLeft ? Int(kept.x1.rounded(.up)) ..< picture.width : 0 ..< Int(kept.x0.rounded(.down))
        let besideInSlice = beside.lowerBound - columns.lowerBound ..< beside.upperBound - columns.lowerBound
        return sliced.ink(inColumns: besideInSlice) >= 0.25 * picture.ink(inColumns: beside) ? sliced : nil
    }
}
