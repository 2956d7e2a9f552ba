/// Turns any drawing into the 28x28 input the network was trained on, the way MNIST was made:
/// crop to the ink, scale the longer side to 20 px keeping the aspect ratio, and place the result
/// in a 28x28 field so that its centre of mass is the centre.
///
/// Before reducing, the stroke thickness is normalised to MNIST's: the crop is scaled to a
/// 60 px working size, its mean stroke width is estimated (twice the ink area over the outline
/// length), and the strokes are thinned or thickened by a disc of the difference; thinning keeps
/// every stroke's centre line (``Skeleton``), so a fat pen's finer strokes are not wiped out with
/// the thickness. The trainer, the command line and the canvas all go through ``digitInput(from:)``.
public enum Preprocessor {
    /// Side of the square the digit is fitted into.
    public static let box = 20
    /// Side of the network's input.
    public static let side = 28
    /// Working resolution for thickness normalisation (3x the box).
    static let work = 60
    /// MNIST's median stroke width, as a fraction of the box side (measured on the training set
    /// with ``strokeWidth(of:)`` at working resolution, `scrawl train --measure-strokes`).
    public static let targetStrokeFraction: Float = 0.19
    /// What ``strokeWidth(of:)`` measures for a stroke drawn with a round pen of width 1: its
    /// estimate counts pixel edges, so it reads about twice a straight bar's width and less on
    /// diagonals (median over pendigits drawings re-rendered as the canvas is, 10th to 90th
    /// percentile 1.50-1.81). Canvas strokes are drawn with a pen of the target over this, so they
    /// measure what raster images are normalised to.
    static let measuredWidthPerPen: Float = 1.6
    /// Ink below this fraction of the strongest ink is treated as paper when cropping.
    static let noiseFloor: Float = 0.2

    /// The result of preprocessing: the network input and how much the strokes were changed.
    public struct Result: Sendable {
        /// 28x28 ink values in [0, 1], row-major.
        public var pixels: [Float]
        /// Stroke width found and applied, in working pixels (for diagnostics).
        public var strokeWidthBefore: Float, strokeWidthAfter: Float
    }

    /// The 28x28 input for `image`, or nil when the image holds no ink.
    public static func digitInput(from image: GrayImage, normalizeThickness: Bool = true) -> Result? {
        guard let crop = inkBounds(image) else { return nil }
        var work = fitted(image, crop: crop, side: Self.work)
        let before = strokeWidth(of: work)
        var after = before
        if normalizeThickness && before > 0 {
            let target = targetStrokeFraction * Float(Self.work)
            if before > target * 1.2 || before < target / 1.2 {
                (work, after) = normalizedThickness(work, width: before, target: target)
            }
        }
        let small = downsample(work, factor: Self.work / box)
        guard let placed = centreByMass(small) else { return nil }
        return Result(pixels: placed.pixels, strokeWidthBefore: before, strokeWidthAfter: after)
    }

    /// Side of the working image thickness is measured at.
    public static var workingSide: Int { work }

    /// Stroke width of `image`'s ink once cropped and fitted to the working size (nil if blank).
    public static func workingStrokeWidth(of image: GrayImage) -> Float? {
        guard let crop = inkBounds(image) else { return nil }
        return strokeWidth(of: fitted(image, crop: crop, side: work))
    }

    /// Bounding box (x0, y0, x1, y1 exclusive) of the ink above the noise floor, or nil if blank.
    static func inkBounds(_ image: GrayImage) -> (Int, Int, Int, Int)? {
        let w = image.width
        return image.pixels.withUnsafeBufferPointer { ink -> (Int, Int, Int, Int)? in
            let top = ink.strongest
            guard top >= 0.1 else { return nil }
            let t = top * noiseFloor
            // Each row is searched from the left for its first ink, then from the right only as
            // far as the box already reaches.
            var x0 = w, y0 = image.height, x1 = -1, y1 = -1
            for y in 0 ..< image.height {
                let first = ink.firstIndex(above: t, in: y * w ..< (y + 1) * w) - y * w
                guard first < w else { continue }
                x0 = min(x0, first); y0 = min(y0, y); y1 = y
                if let last = ink.lastIndex(above: t, in: y * w + max(first, x1 + 1) ..< (y + 1) * w) { x1 = last - y * w }
            }
            guard x1 >= 0 else { return nil }
            return (x0, y0, x1 + 1, y1 + 1)
        }
    }

    /// The crop scaled so its longer side is `side`, centred in a `side x side` image: area-averaged
    /// when shrinking (every source pixel counts, so a hairline in a huge image is never missed),
    /// bilinear when enlarging.
    static func fitted(_ image: GrayImage, crop: (Int, Int, Int, Int), side: Int) -> GrayImage {
        let (x0, y0, x1, y1) = crop
        let cw = Float(x1 - x0), ch = Float(y1 - y0)
        let scale = Float(side) / max(cw, ch)       // output pixels per source pixel
        let ox = (Float(side) - cw * scale) / 2, oy = (Float(side) - ch * scale) / 2
        var out = GrayImage(width: side, height: side)
        if scale >= 1 {
            for y in 0 ..< side {
                for x in 0 ..< side {
                    out[x, y] = min(1, image.sample(Float(x0) + (Float(x) + 0.5 - ox) / scale, Float(y0) + (Float(y) + 0.5 - oy) / scale))
                }
            }
            return out
        }
        // Separable box filter: rows first (crop height x side), then columns, each output
        // row summed from whole rows of the first pass.
        let rows = y1 - y0, footprint = 1 / scale
        let across = (0 ..< side).map { Cell($0, origin: ox, scale: scale, lower: x0, upper: x1) }
        let down = (0 ..< side).map { Cell($0, origin: oy, scale: scale, lower: y0, upper: y1) }
        var horizontal = [Float](repeating: 0, count: rows * side)
        image.pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { horizontal in
                for r in 0 ..< rows {
                    let row = source.baseAddress! + (y0 + r) * image.width
                    for (j, cell) in across.enumerated() {
                        guard let cell else { continue }
                        horizontal[r * side + j] = cell.sum { row[$0] } / footprint
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { horizontal in
            out.pixels.withUnsafeMutableBufferPointer { out in
                for (j, cell) in down.enumerated() {
                    guard let cell else { continue }
                    let line = out.baseAddress! + j * side
                    func add(_ i: Int, _ weight: Float) {
                        let source = horizontal.baseAddress! + (i - y0) * side
                        for x in 0 ..< side { line[x] += weight * source[x] }
                    }
                    add(cell.first, cell.firstWeight)
                    if cell.last > cell.first {
                        for i in cell.first + 1 ..< cell.last { add(i, 1) }
                        add(cell.last, cell.lastWeight)
                    }
                    for x in 0 ..< side { line[x] = min(1, line[x] / footprint) }
                }
            }
        }
        return out
    }

    /// One output cell of area averaging along an axis: cell `j` covers source `[lower + (j -
    /// origin) / scale, lower + (j + 1 - origin) / scale)`, and the part outside `lower..<upper`
    /// is paper. Its first and last source index weigh the share of them it covers; those
    /// between weigh 1.
    struct Cell {
        let first: Int, last: Int, firstWeight: Float, lastWeight: Float

        /// Nil when the cell covers no source.
        init?(_ j: Int, origin: Float, scale: Float, lower: Int, upper: Int) {
            let footprint = 1 / scale
            let a = Float(lower) + (Float(j) - origin) * footprint
            let lo = max(a, Float(lower)), hi = min(a + footprint, Float(upper))
            guard hi > lo else { return nil }
            func weight(_ i: Int) -> Float { min(hi, Float(i + 1)) - max(lo, Float(i)) }
            first = Int(lo.rounded(.down))
            last = Int(hi.rounded(.up)) - 1
            firstWeight = weight(first)
            lastWeight = weight(last)
        }

        /// The weighted sum of the source values `read` gives, in source order.
        @inline(__always)
        func sum(_ read: (Int) -> Float) -> Float {
            var sum = firstWeight * read(first)
            guard last > first else { return sum }
            for i in first + 1 ..< last { sum += read(i) }
            return sum + lastWeight * read(last)
        }
    }

    /// Mean stroke width in pixels: twice the ink area over the length of its outline (ink > 0.5).
    public static func strokeWidth(of image: GrayImage) -> Float {
        var area = 0, edge = 0
        let w = image.width, h = image.height
        func ink(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < w && y < h && image.pixels[y * w + x] > 0.5 }
        for y in 0 ..< h {
            for x in 0 ..< w where ink(x, y) {
                area += 1
                edge += (ink(x - 1, y) ? 0 : 1) + (ink(x + 1, y) ? 0 : 1) + (ink(x, y - 1) ? 0 : 1) + (ink(x, y + 1) ? 0 : 1)
            }
        }
        return edge == 0 ? 0 : 4 * Float(area) / Float(edge)
    }

    /// Thins or thickens toward `target`: of the disc radii around `(target - width) / 2`, the one
    /// whose result measures closest (the width estimate is coarse for hairlines, so measure, not assume).
    static func normalizedThickness(_ image: GrayImage, width: Float, target: Float) -> (GrayImage, Float) {
        let dilate = target > width
        let estimate = max(1, min(Int((abs(target - width) / 2).rounded()), work / 10))
        // Thinning keeps every stroke's centre line, drawn as thin as a stroke gets, under what the
        // disc leaves: a disc the mean width asks for wipes out the strokes thinner than the mean.
        let lines = dilate ? nil : morph(Skeleton.of(image), radius: 1, dilate: true)
        var best = (image, width)
        for radius in Set([max(1, estimate - 1), estimate]).sorted() {
            var candidate = morph(image, radius: radius, dilate: dilate)
            if let lines { candidate.addInk(lines) }
            let measured = strokeWidth(of: candidate)
            if measured > 0 && abs(measured - target) < abs(best.1 - target) { best = (candidate, measured) }
        }
        return best
    }

    /// Grey-level dilation (max) or erosion (min) by a disc of `radius` pixels (the offsets with
    /// `dx² + dy² <= radius² + radius`); pixels outside the image count as 0.
    ///
    /// The disc is a stack of horizontal runs, one per `dy`, of half-width `a(dy)`. Each image row
    /// is reduced over runs of every half-width up to `radius` first (half-width `a` from `a - 1`
    /// and the two pixels `a` away), then each output pixel takes the reduction over its runs: `3r +
    /// 1` operations a pixel instead of the disc's area (`morphReference` in the tests is the direct
    /// loop; the two agree exactly). Augmenting training digits spent half its time here.
    static func morph(_ image: GrayImage, radius r: Int, dilate: Bool) -> GrayImage {
        if r <= 0 || image.width == 0 || image.height == 0 { return image }
        // Two copies of the loops, each with its operation inlined.
        return dilate ? morph(image, radius: r, dilate: true) { max($0, $1) } : morph(image, radius: r, dilate: false) { min($0, $1) }
    }

    @inline(__always)
    private static func morph(_ image: GrayImage, radius r: Int, dilate: Bool, _ op: (Float, Float) -> Float) -> GrayImage {
        let w = image.width, h = image.height
        // Rows padded by r zeros on both sides; runs[a][y * pw + x + r]: row y reduced over x - a ... x + a.
        let pw = w + 2 * r
        // The run's half-width for each dy in -r...r: the largest a with a² + dy² <= r² + r.
        let halfWidth = (-r ... r).map { dy in (0 ... r).last { a in a * a + dy * dy <= r * r + r }! }
        var runs = [Float](repeating: 0, count: (r + 1) * h * pw)
        var out = GrayImage(width: w, height: h)
        image.pixels.withUnsafeBufferPointer { src in
            runs.withUnsafeMutableBufferPointer { rb in
                out.pixels.withUnsafeMutableBufferPointer { ob in
                    let (p, run, o) = (src.baseAddress!, rb.baseAddress!, ob.baseAddress!)
                    for y in 0 ..< h { (run + y * pw + r).update(from: p + y * w, count: w) }
                    for a in 1 ... r {
                        let (prev, cur) = (run + (a - 1) * h * pw, run + a * h * pw)
                        for y in 0 ..< h {
                            let (pr, cr, row) = (prev + y * pw, cur + y * pw, run + y * pw)
                            for x in r ..< r + w { cr[x] = op(pr[x], op(row[x - a], row[x + a])) }
                        }
                    }
                    for y in 0 ..< h {
                        let orow = o + y * w
                        for x in 0 ..< w { orow[x] = dilate ? 0 : 1 }
                        for dy in -r ... r where y + dy >= 0 && y + dy < h {
                            let row = run + (halfWidth[dy + r] * h + y + dy) * pw + r
                            for x in 0 ..< w { orow[x] = op(orow[x], row[x]) }
                        }
                        // Rows above or below the image are zeros inside the disc.
                        if !dilate && (y - r < 0 || y + r >= h) { for x in 0 ..< w { orow[x] = min(orow[x], 0) } }
                    }
                }
            }
        }
        return out
    }

    /// Averages `factor x factor` blocks.
    static func downsample(_ image: GrayImage, factor: Int) -> GrayImage {
        let w = image.width / factor, h = image.height / factor
        var out = GrayImage(width: w, height: h)
        let inv = 1 / Float(factor * factor)
        for y in 0 ..< h {
            for x in 0 ..< w {
                var sum: Float = 0
                for dy in 0 ..< factor { for dx in 0 ..< factor { sum += image[x * factor + dx, y * factor + dy] } }
                out[x, y] = sum * inv
            }
        }
        return out
    }

    /// Places `image` in a 28x28 field with its centre of mass at the centre (bilinear, sub-pixel).
    static func centreByMass(_ image: GrayImage) -> GrayImage? {
        var mass: Float = 0, mx: Float = 0, my: Float = 0
        for y in 0 ..< image.height {
            for x in 0 ..< image.width {
                let v = image[x, y]
                mass += v; mx += v * (Float(x) + 0.5); my += v * (Float(y) + 0.5)
            }
        }
        guard mass > 0 else { return nil }
        let dx = mx / mass - Float(side) / 2, dy = my / mass - Float(side) / 2
        var out = GrayImage(width: side, height: side)
        for y in 0 ..< side {
            for x in 0 ..< side {
                out[x, y] = min(1, image.sample(Float(x) + 0.5 + dx, Float(y) + 0.5 + dy))
            }
        }
        return out
    }
}
