import Foundation

/// Segmentation by recognition: given pieces of ink in writing order (a canvas's strokes as drawn,
/// or a picture's ink pieces and the slices cut from wide ones, left to right), choose how to group
/// consecutive pieces into symbols. Every plausible group is recognized, and the grouping whose
/// answers the model is surest of wins, weighed with a few rules: a cut through one piece of ink
/// costs (more where it runs along a stroke), so do doubtful digits and "not a digit", a piece
/// sitting inside its neighbour's span belongs to it, each digit keeps to the width-to-height
/// range people write it in, and a slice far shorter than the line is part of a symbol, not one.
struct SegmentChooser {
    /// One piece of ink.
    struct Item {
        var box: InkBox
        /// The connected piece of ink this is a slice of, when it was cut from a wider one.
        var piece: Int?
        /// That piece's width in line heights.
        var pieceWidth = 1.0
        /// The longest run of ink the cut on this slice's left runs through, in line heights: short
        /// where digits touch or cross, long where the cut runs along a stroke. The rows it runs
        /// through the inside of a loop count as ink: a cut there parts one digit.
        var cutInk = 0.0
        /// The rows in which the cut on this slice's left severs the piece's ink
        /// (``InkComponents/severedRows(_:along:)``), in line heights: a cut that bends between
        /// touching digits severs them only where they meet, one down a stroke or through a blot
        /// about as much as the ink is tall.
        var cutSevers = 0.0
    }

    /// The weights of the rules, in units of log-probability, chosen on numbers composed from
    /// pendigits writers 25-30 (`scrawl evaluate --only numbers`).
    struct Tuning {
        /// Added for each symbol, balancing the product of confidences, which alone favours fewer symbols.
        var perSymbol = 0.5
        /// Cost of each cut through a connected piece of ink at least one line height wide (more
        /// through narrower pieces, in proportion: they are most likely one digit).
        var cut = 0.5
        /// Cost per line height of ink a cut runs along, in a piece narrower than `oneDigitWidth`
        /// line heights (likely one digit). In wider pieces, where digits cross and overlap, the
        /// same cost per line height of ink the cut severs beyond `alongStroke`: a cut severing
        /// that much runs down a stroke or through a blot, not between two digits (each slice of
        /// a round blot, which is as wide as the line is tall, reads as a sure 1).
        var cutInk = 2.0
        var oneDigitWidth = 1.0
        var alongStroke = 0.5
        /// Cost of a group the model calls "not a digit", on top of its log-probability.
        var notADigit = 1.0
        /// Cost per unit of confidence a digit is read with below `sure`: a drawing that is no
        /// digit cut into doubtful ones is worse than left whole as "not a digit".
        var doubt = 2.0
        var sure = 0.9
        /// Cost per unit of log width-to-height ratio outside the range people write the digit read.
        var shape = 3.0
        /// Cost of a group made only of slices cut from wider ink and shorter than `shortSlice`
        /// line heights: a curl or crumb of a digit cut off it, not a symbol of its own (a whole
        /// piece that short may be one: a small digit, a dash).
        var short = 3.0
        var shortSlice = 0.5
        /// Cost of separating two groups when the narrower's middle sits inside the wider's span,
        /// per unit of depth (0 at the edge, 0.5 at the middle) beyond `insideFrom`.
        var inside = 10.0
        var insideFrom = 0.12
        /// The same cost per unit of horizontal overlap (over the mean width) beyond `sharedFrom`:
        /// neighbouring digits may overlap a little, the strokes of one digit overlap much.
        var sharedFrom = 0.2
        /// Most pieces one symbol may gather.
        var maxItems = 16
        /// Widest gap between pieces of one symbol (across or down), and widest symbol, in units of
        /// the line height.
        var maxGap = 0.15
        var maxWidth = 1.7
    }

    var tuning = Tuning()

    /// The chosen groups (ranges of `items`, in order) with their recognitions. `height` is the
    /// typical symbol height; `recognize` answers a batch of groups.
    func choose(_ items: [Item], height: Double, recognize: ([Range<Int>]) -> [Recognition]) -> [(Range<Int>, Recognition)] {
        best(items, height: height, recognize: recognize).groups
    }

    /// The chosen groups, as ``choose(_:height:recognize:)`` gives them, and their score: the sum
    /// of the groups' plausibilities less the costs of separating them, which compares groupings
    /// of the same ink cut in different ways.
    func best(_ items: [Item], height: Double, recognize: ([Range<Int>]) -> [Recognition])
        -> (groups: [(Range<Int>, Recognition)], score: Double) {
        let n = items.count
        guard n > 0 else { return ([], 0) }
        // Every group that could be one symbol: items i..<j joined without a wide gap.
        var groups: [Range<Int>] = []
        var boxes: [InkBox] = []
        for i in 0 ..< n {
            var box = items[i].box
            groups.append(i ..< i + 1); boxes.append(box)
            for j in i + 1 ..< min(n, i + tuning.maxItems) {
                let b = items[j].box
                // Slices of one piece are joined whatever their boxes say.
                let joined = items[j].piece != nil && items[j].piece == items[j - 1].piece
                guard joined || max(box.x0 - b.x1, b.x0 - box.x1, box.y0 - b.y1, b.y0 - box.y1) <= tuning.maxGap * height else { break }
                box = box.union(b)
                guard box.width <= tuning.maxWidth * height else { break }
                groups.append(i ..< j + 1); boxes.append(box)
            }
        }
        let answers = recognize(groups)
        var scoreOf: [Range<Int>: (Double, InkBox, Recognition)] = [:]
        for (k, g) in groups.enumerated() {
            scoreOf[g] = (score(answers[k], box: boxes[k], whole: items[g].allSatisfy { $0.piece == nil }, height: height), boxes[k], answers[k])
        }

        // best[g]: the best score of items 0..<g.upperBound whose last group is g.
        var best: [Range<Int>: (score: Double, previous: Range<Int>?)] = [:]
        for g in groups.sorted(by: { $0.upperBound < $1.upperBound }) {
            guard let (own, box, _) = scoreOf[g] else { continue }
            if g.lowerBound == 0 { best[g] = (own, nil); continue }
            var top: (Double, Range<Int>?) = (-.infinity, nil)
            for (p, entry) in best where p.upperBound == g.lowerBound {
                let total = entry.score + own - separation(items, p, g, scoreOf[p]!.1, box)
                if total > top.0 { top = (total, p) }
            }
            if top.1 != nil { best[g] = (top.0, top.1) }
        }
        let end = best.filter { $0.key.upperBound == n }.max { $0.value.score < $1.value.score }
        var last = end?.key
        var chosen: [(Range<Int>, Recognition)] = []
        while let g = last {
            chosen.append((g, scoreOf[g]!.2))
            last = best[g]?.previous
        }
        return (chosen.reversed(), end?.value.score ?? -.infinity)
    }

    /// How plausible one group is as one symbol; `whole` when no cut made it; `height` is the line height.
    func score(_ r: Recognition, box: InkBox, whole: Bool, height: Double) -> Double {
        let model = r.isDigit ? log(Double(max(r.probabilities[r.digit], 1e-4)))
                              : log(Double(max(r.notADigitProbability, 1e-4))) - tuning.notADigit
        let aspect = max(box.width, 1e-9) / max(box.height, 1e-9)
        // A group read as no digit keeps from a 1's 1st percentile to a 0's 99th.
        var (low, high) = r.isDigit ? Self.aspects[r.digit] : (0.17, 1.54)
        // A whole stroke or piece read as 1 may be a bare stick, however thin; a sliver cut off
        // a wider piece may not.
        if whole && r.isDigit && r.digit == 1 { low = 0 }
        let doubt = r.isDigit ? tuning.doubt * max(0, tuning.sure - Double(r.confidence)) : 0
        let short = !whole && box.height < tuning.shortSlice * height ? tuning.short : 0
        return model + tuning.perSymbol - doubt - short - tuning.shape * max(0, log(aspect / high), log(low / aspect))
    }

    /// Width over height of each digit's ink as people write it (pendigits writers 1-24, drawn with
    /// a pen of 12% of the height): the 1st percentile, so a sliver cut off a wider digit is not
    /// read as one, and the widest drawn, since one digit in a hundred is wider than the 99th
    /// percentile and a number holds several (a long-tailed 2 was cut into "62" otherwise).
    static let aspects: [(low: Double, high: Double)] = [
        (0.55, 1.86), (0.17, 1.56), (0.50, 1.64), (0.45, 1.05), (0.31, 1.25),
        (0.53, 1.48), (0.39, 1.08), (0.45, 1.34), (0.40, 0.95), (0.42, 1.12),
    ]

    /// The cost of splitting between groups `a` and `b` (adjacent, `a` first).
    func separation(_ items: [Item], _ a: Range<Int>, _ b: Range<Int>, _ boxA: InkBox, _ boxB: InkBox) -> Double {
        var cost = 0.0
        if let p = items[a.upperBound - 1].piece, p == items[b.lowerBound].piece {
            let slice = items[b.lowerBound], width = slice.pieceWidth
            cost += tuning.cut / min(max(width, 0.1), 1)
            cost += tuning.cutInk * (width < tuning.oneDigitWidth ? slice.cutInk : max(0, slice.cutSevers - tuning.alongStroke))
        }
        let (narrow, wide) = boxA.width < boxB.width ? (boxA, boxB) : (boxB, boxA)
        if wide.width > 0 {
            let depth = min(narrow.midX - wide.x0, wide.x1 - narrow.midX) / wide.width
            let shared = boxA.overlapX(boxB) / ((boxA.width + boxB.width) / 2)
            cost += tuning.inside * max(0, depth - tuning.insideFrom, shared - tuning.sharedFrom)
        }
        return cost
    }
}
