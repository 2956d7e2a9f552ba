import Foundation
import ScrawlEngine

/// Finds the symbols in a drawing or picture that may hold a whole number, reads each through the
/// same preprocessing and model as a single digit, and puts them in reading order.
///
/// - Canvas strokes are grouped in the order they were drawn (the two strokes of a 4, a 7's bar);
///   a stroke that runs through several digits is cut like a picture.
/// - A picture's ink is split into connected pieces; pieces wider than a digit are sliced where
///   their ink is thinnest, once with straight cuts and once with cuts bent along the paper
///   between digits that overlap, and the slices and pieces are grouped again. A piece that is
///   surely no digit and whose ink is one line that never forks (a V, an N) is not sliced: it
///   is one stroke, and a stroke no wider than a symbol is one symbol. Nor is a piece about as
///   wide as tall that is all but certainly no digit (an H, an x).
/// - Either way the grouping is chosen by recognition (``SegmentChooser``), not by a fixed rule.
/// - Neighbouring groups of strokes where one stroke ends on another, away from its ends (a T),
///   are read together, and are one symbol when that is surely no digit: the stem and arch of an
///   n are not "17".
/// - When a part read from a piece of ink (on the canvas, strokes whose ink touches) is no digit,
///   the whole piece is read as one: a wave's or a heart's slices are not 1s and 5s.
/// - Marks far smaller than the writing are specks: one low between two digits is a decimal point,
///   the others are ignored; hundreds of marks are refused as noise.
/// - A drawing that turns out to hold one symbol is read exactly as a single digit is.
public struct NumberReader: Sendable {
    public let recognizer: Recognizer
    var chooser = SegmentChooser()

    /// More symbols than this, or more specks, and the drawing is refused as noise.
    static let maxSymbols = 40
    static let maxSpecks = 40
    /// A mark whose longer side is under this share of the line height is a speck.
    static let speck = 0.25
    /// A dot — a touch of the pen, solid and about as wide as tall — smaller than this many line
    /// heights is a speck too (a fat pen's dot is larger than a speck).
    static let dot = 0.45
    /// A piece of a picture wider than this many line heights may be digits run together, and is
    /// sliced for the chooser to try.
    static let mayHoldSeveral = 0.6
    /// A reading at least this confident is sure: it leaves a piece narrower than a line height
    /// whole, and a compact picture in one piece read this surely as a digit is that digit.
    static let sure: Float = 0.9
    /// A compact drawing the single-digit path reads this surely as a digit may be one, even when
    /// its pieces read as several (``settled(_:whole:strokes:onePiece:single:)``).
    static let certain: Float = 0.99
    /// A piece of a picture the model reads alone as no digit this surely, no wider than `compact`
    /// times its height, is one symbol whether or not its ink forks (``isOneSymbol(_:box:height:forks:)``).
    static let allButCertain: Float = 0.99999
    static let compact = 1.1
    /// A stroke's end landing on another stroke within this share of that stroke's length from
    /// either of its ends meets it at a corner or end to end, not in a T (``endsOnStroke(_:_:)``).
    static let junctionEnds = 0.2
    /// How far, in line heights, a cut through a wide piece may bend away from the column it is
    /// made at to run through less ink (``InkComponents/cuts(_:near:reach:slant:walled:)``).
    static let cutReach = 0.1
    /// Handwriting leans right: a third slicing cuts along lines leaning this many columns right
    /// for each row up (about 11 degrees), bending as far as the others.
    static let cutSlant = 0.2
    /// Pictures larger than this many pixels are read at a reduced size.
    static let maxPixels = 4_000_000

    public init(recognizer: Recognizer) {
        self.recognizer = recognizer
    }

    /// Reads a canvas drawing; nil when it has no ink. A drawing over an opened picture is read as
    /// the picture it makes.
    public func read(_ drawing: Drawing) -> NumberReading? {
        guard !drawing.isEmpty else { return nil }
        guard recognizer.readsNumbers else {
            let box = InkBox(around: drawing.strokes.compactMap(InkBox.init(inkOf:)))
            return whole(recognizer.recognize(drawing), box: box, strokes: Array(drawing.strokes.indices))
        }
        if drawing.background != nil { return read(ink: Rasterizer.renderInk(drawing)) }
        let indices = drawing.strokes.indices.filter { !drawing.strokes[$0].points.isEmpty }
        let boxes = indices.map { InkBox(inkOf: drawing.strokes[$0])! }
        let height = Self.lineHeight(boxes)
        var marks: [Mark] = []
        var specks: [InkBox] = []
        for (k, index) in indices.enumerated() {
            let box = boxes[k]
            let stroke = drawing.strokes[index], line = stroke.bounds!
            let touch = max(line.2 - line.0, line.3 - line.1) <= stroke.width
            if Self.isSpeck(box, height: height, among: boxes, dot: touch) { specks.append(box); continue }
            marks.append(Mark(box: box, strokes: [index]))
        }
        if let refusal = Self.refusal(symbols: marks.count, specks: specks.count) { return NumberReading(parts: [], refusal: refusal) }
        var parts: [NumberPart] = []
        // Runs of ordinary strokes are grouped by recognition; a stroke wider than any digit is
        // read as a picture of itself and may give several symbols.
        var run: [Mark] = []
        func flushRun() {
            parts += group(run, height: height) { strokes in
                Rasterizer.recognitionInput(Drawing(strokes: strokes.map { drawing.strokes[$0] }))?.pixels
            }
            run = []
        }
        for mark in marks {
            guard Self.mayBeSeveral(stroke: mark.box, height: height) else {
                run.append(mark)
                continue
            }
            flushRun()
            let origin = (mark.box.x0.rounded(.down) - 2, mark.box.y0.rounded(.down) - 2)
            let moved = drawing.strokes[mark.strokes[0]].moved(dx: -origin.0, dy: -origin.1)
            let ink = Rasterizer.renderInk([moved], width: Int(mark.box.width) + 5, height: Int(mark.box.height) + 5)
            for var part in readPicture(ink, height: min(height, mark.box.height)).reading.parts {
                part.box = part.box.moved(dx: origin.0, dy: origin.1)
                part.strokes = mark.strokes
                parts.append(part)
            }
        }
        flushRun()
        parts = joinedAtJunctions(parts, height: height) { drawing.strokes[$0] } read: { strokes in
            recognizer.recognize(Drawing(strokes: strokes.map { drawing.strokes[$0] }))
        }
        // Strokes whose ink touches make one piece of ink, as in a picture.
        parts = wholePieces(parts) { [parts] in
            let pieceOf = Self.inkPieces(of: drawing)
            return parts.map { Set($0.strokes.flatMap { pieceOf[$0] }) }
        } read: { [parts] members in
            recognizer.recognize(Drawing(strokes: Set(members.flatMap { parts[$0].strokes }).sorted().map { drawing.strokes[$0] }))
        }
        return settled(Self.ordered(parts, specks: specks), whole: InkBox(around: boxes)!, strokes: indices) {
            recognizer.recognize(drawing)
        }
    }

    /// Reads a picture's ink (as ``RGBAImage/ink`` gives it); nil when it has no ink.
    public func read(ink: GrayImage) -> NumberReading? {
        guard let crop = Preprocessor.inkBounds(ink) else { return nil }
        let whole = InkBox(x0: Double(crop.0), y0: Double(crop.1), x1: Double(crop.2), y1: Double(crop.3))
        guard recognizer.readsNumbers else { return self.whole(recognizer.recognize(ink: ink), box: whole, strokes: []) }
        var factor = 1
        while ink.width * ink.height / (factor * factor) > Self.maxPixels { factor += 1 }
        let small = factor == 1 ? ink : Self.reduced(ink, by: factor)
        var (reading, onePiece) = readPicture(small, height: nil)
        if factor > 1 {
            for k in reading.parts.indices { reading.parts[k].box = reading.parts[k].box.scaled(by: Double(factor)) }
        }
        return settled(reading, whole: whole, strokes: [], onePiece: onePiece) { recognizer.recognize(ink: ink) }
    }

    /// The drawing read as one symbol: how a model with labels of its own (letters, symbols),
    /// which has no notion of digits side by side, reads everything.
    private func whole(_ recognition: Recognition?, box: InkBox?, strokes: [Int]) -> NumberReading? {
        guard let recognition, let box else { return nil }
        return NumberReading(parts: [NumberPart(kind: .symbol, recognition: recognition, box: box, strokes: strokes)])
    }

    /// Whether one stroke in `box` may be several symbols written without lifting the pen, and is
    /// read as a picture of itself, sliced: it is wider than a symbol (1.6 line heights, `height`,
    /// and 1.6 times its own height) and at least half a line tall (a long flat stroke, a dash or
    /// an underline, is one mark, not digits). Any other stroke is one symbol, and so is a piece
    /// of a picture that reads as surely no digit and could be one stroke or one letter
    /// (``isOneSymbol(_:box:height:forks:)``).
    static func mayBeSeveral(stroke box: InkBox, height: Double) -> Bool {
        box.width > 1.6 * height && box.width > 1.6 * box.height && box.height > 0.5 * height
    }

    /// Whether a piece of a picture in `box`, read alone as `r`, is one symbol, as one stroke or
    /// a letter is, and is left whole: the model is ``certain`` it is no digit, it is no wider than
    /// one stroke may be (``mayBeSeveral(stroke:height:)``), and either its ink is one line that
    /// never forks (`forks`, asked last: a V, an N, a W) or the model is ``allButCertain`` of it
    /// and it is no wider than ``compact`` times its height (an H, a Y, an x, whose strokes meet).
    /// Two digits that touch fork where they meet, make a piece wider than tall, and are seldom
    /// read that surely as no digit.
    static func isOneSymbol(_ r: Recognition, box: InkBox, height: Double, forks: () -> Bool) -> Bool {
        guard !r.isDigit, r.confidence >= Self.certain, !mayBeSeveral(stroke: box, height: height) else { return false }
        return r.confidence >= Self.allButCertain && box.width <= Self.compact * box.height || !forks()
    }

    /// The reading as answered: one symbol takes the single-digit path's answer for the whole
    /// drawing (`single`), so a lone digit reads exactly as it always has. So does a reading of
    /// several symbols over ink compact enough to be one, when that answer is a sure "not a digit"
    /// and some piece was doubtful (an H, a smiley), or a digit the model is all but certain of
    /// and surer than of the pieces (an 8 whose loops do not touch), or a sure digit over a
    /// picture's ink in `onePiece` (a fat or slanted digit the slicing cut into sure-looking parts).
    private func settled(_ reading: NumberReading, whole: InkBox, strokes: [Int], onePiece: Bool = false,
                         single: () -> Recognition?) -> NumberReading {
        let compact = reading.refusal == nil && whole.width <= 1.5 * whole.height
        guard reading.isSingle || compact, let r = single() else { return reading }
        guard reading.isSingle || (!r.isDigit && r.confidence >= Self.sure && reading.symbols.contains { $0.isDoubtful })
            || (r.isDigit && (onePiece ? r.confidence >= Self.sure : r.confidence >= Self.certain && r.confidence > reading.confidence))
        else { return reading }
        return NumberReading(parts: [NumberPart(kind: .symbol, recognition: r, box: whole, strokes: strokes)])
    }

    /// A picture read as pieces and slices; `height` is the line height when the caller knows it.
    /// `onePiece`: its ink, specks aside, is one connected piece.
    func readPicture(_ ink: GrayImage, height known: Double?) -> (reading: NumberReading, onePiece: Bool) {
        let pieces = InkComponents(ink)
        if pieces.count > 8 * Self.maxSymbols {
            return (NumberReading(parts: [], refusal: Self.refusal(symbols: 0, specks: pieces.count)), false)
        }
        let boxes = (0 ..< pieces.count).map(pieces.inkBox)
        let height = known ?? Self.lineHeight(boxes)
        let blots = Set((0 ..< pieces.count).filter { Self.isBlot(boxes[$0], area: pieces.areas[$0]) })
        let specks = (0 ..< pieces.count).filter { id in
            Self.isSpeck(boxes[id], height: height, among: boxes, dot: blots.contains(id))
        }
        let kept = Array(Set(0 ..< pieces.count).subtracting(specks)).sorted()
        if let refusal = Self.refusal(symbols: kept.count, specks: specks.count) { return (NumberReading(parts: [], refusal: refusal), false) }

        // First the pieces as they are; then again with the pieces that may be digits run
        // together sliced: those wider than a line height, and narrower ones wider than a thin
        // digit when the first reading grouped them with others or was doubtful. A piece read
        // alone as surely no digit whose ink is one line, as one stroke draws it (a V, an N, a
        // W), is one symbol, as such a stroke is on the canvas; touching digits fork or cross.
        // So is a compact one read as all but certainly no digit (``isOneSymbol``), and a blot:
        // each slice of a filled disc looks like a fat 1 or 0, but the disc is one mark.
        var sliced: Set<Int> = []
        var known: [[InkComponents.Part]: Recognition] = [:]
        var chosen = choose(pieces, kept, sliced: [:], height: height, known: &known)
        for (group, r) in chosen.groups {
            let ids = Set(chosen.items[group].map(\.part.id))
            for id in ids where boxes[id].width > Self.mayHoldSeveral * height && !blots.contains(id)
                && (boxes[id].width > height || ids.count > 1 || !r.isDigit || r.confidence < Self.sure)
                && (ids.count > 1 || !Self.isOneSymbol(r, box: boxes[id], height: height) {
                    Skeleton.forks(pieces.picture(of: [.init(id: id, left: nil, right: nil)], around: boxes[id]))
                }) {
                sliced.insert(id)
            }
        }
        if !sliced.isEmpty {
            // Where each sliced piece may be cut, worked out once for all three slicings.
            let cuttable = Dictionary(uniqueKeysWithValues: sliced.map { id in
                let columns = pieces.columns(id), at = Self.cuts(columns.counts, height: height)
                return (id, Cuttable(columns: columns, at: at, walled: at.isEmpty ? [] : pieces.enclosed(id)))
            })
            // Cut straight down, cut bending along the paper between digits, and cut bending
            // along a line that leans as handwriting does: each suits some overlaps, so all are
            // read and the grouping the chooser scores highest wins (the first of equals). The
            // pieces left whole compete too: slices of pieces one above the other interleave from
            // left to right, so no grouping of the slices puts such a piece back together.
            let reach = max(1, Int(Self.cutReach * height))
            chosen = [
                chosen,
                choose(pieces, kept, sliced: cuttable, height: height, known: &known),
                choose(pieces, kept, sliced: cuttable, height: height, reach: reach, known: &known),
                choose(pieces, kept, sliced: cuttable, height: height, reach: reach, slant: Self.cutSlant, known: &known),
            ].max { $0.score < $1.score }!
        }
        let parts = chosen.groups.map { group, r in
            NumberPart(kind: .symbol, recognition: r, box: InkBox(around: chosen.items[group].map(\.item.box))!, strokes: [])
        }
        let ink = chosen.groups.map { group, _ in Set(chosen.items[group].map(\.part.id)) }
        let read = wholePieces(parts) { ink } read: { members in
            let ids = Set(members.flatMap { ink[$0] })
            return recognizer.recognize(ink: pieces.picture(of: ids.map { InkComponents.Part(id: $0, left: nil, right: nil) },
                                                            around: InkBox(around: ids.map(pieces.inkBox))!))
        }
        return (Self.ordered(read, specks: specks.map { boxes[$0] }), kept.count == 1)
    }

    /// `parts` (in writing order, `stroke` giving the drawing's strokes by index) with each two
    /// neighbours joined in a T — a stroke of one ending inside the ink of a stroke of the other,
    /// away from that stroke's ends (``endsOnStroke(_:_:)``) — made one symbol when they read
    /// together (`read`, given their strokes) as no digit with ``certain`` confidence, and are no
    /// wider than one symbol may be (``SegmentChooser/Tuning/maxWidth`` line heights, `height`).
    /// A letter drawn in strokes that meet (the stem and arch of an n or h, a Y's arm, a K's) has
    /// parts that each look like a digit. Digits written side by side touch by chance and seldom
    /// in a T; two that do are read as one symbol that is no digit (README's *As usually drawn*
    /// says how often). Any run of several digits is surely no one digit, hence the width.
    func joinedAtJunctions(_ parts: [NumberPart], height: Double, stroke: (Int) -> Stroke, read: ([Int]) -> Recognition?) -> [NumberPart] {
        var joined: [NumberPart] = []
        for part in parts {
            guard let last = joined.last, last.kind == .symbol, part.kind == .symbol, Set(last.strokes).isDisjoint(with: part.strokes),
                  last.box.union(part.box).width <= chooser.tuning.maxWidth * height,
                  last.strokes.contains(where: { a in part.strokes.contains { b in Self.endsOnStroke(stroke(a), stroke(b)) } }) else {
                joined.append(part)
                continue
            }
            let strokes = (last.strokes + part.strokes).sorted()
            guard let r = read(strokes), !r.isDigit, r.confidence >= Self.certain else {
                joined.append(part)
                continue
            }
            joined[joined.count - 1] = NumberPart(kind: .symbol, recognition: r, box: last.box.union(part.box), strokes: strokes)
        }
        return joined
    }

    /// `parts` with each set of them joined by shared ink (`ink()[i]`: the pieces of ink part i
    /// holds, asked for only when some part is no digit) merged into one and read whole (`read`,
    /// given the parts' indices) when one of them is no digit. Ink in one piece is one thing: slices
    /// of a wave, a heart or a scribble read as 1s and 5s beside a slice that is no digit are no
    /// digits either, and a reading with a "?" in it is no number, so the piece says what it is as
    /// a whole.
    func wholePieces(_ parts: [NumberPart], ink: () -> [Set<Int>], read: ([Int]) -> Recognition?) -> [NumberPart] {
        guard parts.count > 1, parts.contains(where: { !$0.isDigit }) else { return parts }
        var root = Array(parts.indices), holder: [Int: Int] = [:]
        func find(_ i: Int) -> Int { root[i] == i ? i : find(root[i]) }
        for (i, pieces) in ink().enumerated() {
            for piece in pieces {
                if let j = holder[piece] { root[find(i)] = find(j) } else { holder[piece] = i }
            }
        }
        return Dictionary(grouping: parts.indices, by: find).values.sorted { $0[0] < $1[0] }.flatMap { members -> [NumberPart] in
            guard members.count > 1, members.contains(where: { !parts[$0].isDigit }),
                  let whole = read(members) else { return members.map { parts[$0] } }
            return [NumberPart(kind: .symbol, recognition: whole, box: InkBox(around: members.map { parts[$0].box })!,
                               strokes: Array(Set(members.flatMap { parts[$0].strokes })).sorted())]
        }
    }

    /// One piece of a picture, or a slice of it between two cuts.
    typealias Slice = (item: SegmentChooser.Item, part: InkComponents.Part)

    /// A piece that may be cut: its columns' ink (``InkComponents/columns(_:)``), the columns to
    /// cut near (``cuts(_:height:step:)``), and its ink and the paper it walls in
    /// (``InkComponents/enclosed(_:)``; empty when there is nowhere to cut).
    typealias Cuttable = (columns: (counts: [Int], runs: [Int]), at: [Int], walled: [Bool])

    /// The grouping of the `kept` pieces (the `sliced` ones cut where the chooser may try, each cut
    /// bending up to `reach` columns from a line leaning `slant`) and its score. `known` holds the
    /// readings of groups of parts read before, which another slicing of the same picture shares
    /// (its pieces left whole, the slices a bent cut leaves as a straight one would).
    private func choose(_ pieces: InkComponents, _ kept: [Int], sliced: [Int: Cuttable], height: Double, reach: Int = 0, slant: Double = 0,
                        known: inout [[InkComponents.Part]: Recognition])
        -> (items: [Slice], groups: [(Range<Int>, Recognition)], score: Double) {
        var items: [Slice] = []
        for id in kept {
            let box = pieces.inkBox(id)
            let cuttable = sliced[id], at = cuttable?.at ?? []
            let cuts = pieces.cuts(id, near: at.map { pieces.boxes[id].x0 + $0 }, reach: reach, slant: slant, walled: cuttable?.walled)
            let edges = [nil] + cuts + [nil]
            // What each cut runs through, in line heights: its column's longest run of ink with
            // the inside of a loop as if it were ink, and the rows of ink it severs.
            let through = cuttable.map { c in
                zip(c.at, cuts).map { x, cut in
                    (ink: Double(c.columns.runs[x] + pieces.loopRows(id, along: cut, walled: c.walled)) / height,
                     severs: Double(pieces.severedRows(id, along: cut)) / height)
                }
            } ?? []
            for k in 0 ..< edges.count - 1 {
                let part = InkComponents.Part(id: id, left: edges[k], right: edges[k + 1])
                guard let slice = cuts.isEmpty ? box : pieces.inkBox(part) else { continue }
                items.append((SegmentChooser.Item(box: slice, piece: cuts.isEmpty ? nil : id, pieceWidth: box.width / height,
                                                  cutInk: k > 0 ? through[k - 1].ink : 0, cutSevers: k > 0 ? through[k - 1].severs : 0), part))
            }
        }
        items.sort { $0.item.box.midX < $1.item.box.midX }
        let (groups, score) = chooser.best(items.map(\.item), height: height) { groups in
            let keys = groups.map { items[$0].map(\.part) }
            // The first group of each set of parts not read before.
            var fresh: [Int] = [], seen: Set<[InkComponents.Part]> = []
            for (k, key) in keys.enumerated() where known[key] == nil && seen.insert(key).inserted { fresh.append(k) }
            let answers = recognizer.recognize(inputs: inputs(fresh.count) { k in
                let group = items[groups[fresh[k]]]
                let parts = keys[fresh[k]], box = InkBox(around: group.map(\.item.box))!
                let picture = pieces.picture(of: parts, around: box)
                // A cut leaves crumbs of the neighbour's ink in a slice, beside a straight cut or
                // anywhere along a bent one (which may run around a stroke's end): small pieces
                // holding a slice's ink are cleared, small whole pieces of the group are not.
                let slices = parts.filter { $0.left != nil || $0.right != nil }
                guard !slices.isEmpty else { return Preprocessor.digitInput(from: picture)?.pixels }
                let severed = slices.count == parts.count ? picture : pieces.picture(of: slices, around: box)
                return Preprocessor.digitInput(from: Self.trimmed(picture) { x, y in severed[x, y] > 0 })?.pixels
            })
            for (k, answer) in zip(fresh, answers) { known[keys[k]] = answer }
            return keys.map { known[$0]! }
        }
        return (items, groups, score)
    }

    /// A stretch of strokes (or one piece) not yet grouped into symbols.
    struct Mark {
        var box: InkBox
        var strokes: [Int]
    }

    /// Groups consecutive marks into symbols by recognition; `input` renders a set of strokes.
    private func group(_ marks: [Mark], height: Double, input: @escaping ([Int]) -> [Float]?) -> [NumberPart] {
        let items = marks.map { SegmentChooser.Item(box: $0.box, piece: nil) }
        let chosen = chooser.choose(items, height: height) { groups in
            recognizer.recognize(inputs: inputs(groups.count) { k in input(groups[k].flatMap { marks[$0].strokes }) })
        }
        return chosen.map { group, r in
            NumberPart(kind: .symbol, recognition: r, box: InkBox(around: group.map { marks[$0].box })!, strokes: group.flatMap { marks[$0].strokes })
        }
    }

    /// `count` network inputs made by `make` on the worker threads (a blank input where it gives none).
    private func inputs(_ count: Int, _ make: (Int) -> [Float]?) -> [[Float]] {
        Parallel.map(count, cost: Parallel.minimumWork / 4) { make($0) ?? [Float](repeating: 0, count: Preprocessor.side * Preprocessor.side) }
    }
}
