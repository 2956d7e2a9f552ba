/// The connected pieces of ink in a picture: pixels above a threshold, 8-connected. The faint
/// anti-aliased rim around a stroke belongs to the piece it borders, so a piece cut out of the
/// picture keeps its smooth edge.
struct InkComponents {
    let image: GrayImage
    /// Piece of each pixel, -1 for paper.
    private(set) var owner: [Int32]
    /// Bounding box of each piece, in pixels (x1, y1 exclusive).
    private(set) var boxes: [(x0: Int, y0: Int, x1: Int, y1: Int)] = []
    /// Pixels above the threshold in each piece.
    private(set) var areas: [Int] = []

    /// Finds the pieces of `image`'s ink, counting as ink what is above `threshold` times the
    /// strongest ink.
    init(_ image: GrayImage, threshold: Float = 0.35) {
        self.image = image
        let (w, h) = (image.width, image.height), n = w * h
        var owner = [Int32](repeating: -1, count: n)
        var boxes: [(x0: Int, y0: Int, x1: Int, y1: Int)] = [], areas: [Int] = []
        image.pixels.withUnsafeBufferPointer { ink in
            owner.withUnsafeMutableBufferPointer { owner in
                let cut = ink.strongest * threshold
                guard cut > 0 else { return }
                // Each piece is filled a row's run at a time: a popped seed grows left and right
                // along its row, then seeds the runs it touches in the rows above and below
                // (diagonally touching ones included).
                func free(_ j: Int) -> Bool { owner[j] < 0 && ink[j] > cut }
                var stack: [(x: Int, y: Int)] = []
                var start = ink.firstIndex(above: cut, in: 0 ..< n)
                while start < n {
                    defer { start = ink.firstIndex(above: cut, in: start + 1 ..< n) }
                    guard owner[start] < 0 else { continue }
                    let id = Int32(boxes.count)
                    var box = (x0: w, y0: h, x1: 0, y1: 0), area = 0
                    stack.append((start % w, start / w))
                    while let (x, y) = stack.popLast() {
                        let row = y * w
                        guard free(row + x) else { continue }
                        var (l, r) = (x, x + 1)
                        while l > 0 && free(row + l - 1) { l -= 1 }
                        while r < w && free(row + r) { r += 1 }
                        for j in row + l ..< row + r { owner[j] = id }
                        area += r - l
                        box = (min(box.x0, l), min(box.y0, y), max(box.x1, r), max(box.y1, y + 1))
                        for ny in stride(from: y - 1, through: y + 1, by: 2) where ny >= 0 && ny < h {
                            var inRun = false
                            for nx in max(0, l - 1) ..< min(w, r + 1) {
                                let isFree = free(ny * w + nx)
                                if isFree && !inRun { stack.append((nx, ny)) }
                                inRun = isFree
                            }
                        }
                    }
                    boxes.append(box)
                    areas.append(area)
                }
                // The rim: faint ink next to a piece joins it (one pixel out, enough for
                // anti-aliasing), given out after the scan so it does not pass the piece on.
                var rim: [(pixel: Int, id: Int32)] = []
                var i = ink.firstIndex(above: 0.02, in: 0 ..< n)
                while i < n {
                    defer { i = ink.firstIndex(above: 0.02, in: i + 1 ..< n) }
                    guard owner[i] < 0 else { continue }
                    let (x, y) = (i % w, i / w)
                    search: for ny in max(0, y - 1) ... min(h - 1, y + 1) {
                        for nx in max(0, x - 1) ... min(w - 1, x + 1) where owner[ny * w + nx] >= 0 {
                            rim.append((i, owner[ny * w + nx]))
                            break search
                        }
                    }
                }
                for (pixel, id) in rim { owner[pixel] = id }
            }
        }
        self.owner = owner
        self.boxes = boxes
        self.areas = areas
    }

    var count: Int { boxes.count }

    /// The box of piece `id` as an ``InkBox``.
    func inkBox(_ id: Int) -> InkBox {
        let b = boxes[id]
        return InkBox(x0: Double(b.x0), y0: Double(b.y0), x1: Double(b.x1), y1: Double(b.y1))
    }

    /// For each column of piece `id` from `b.x0` to `b.x1`: how many of its pixels the column
    /// holds, and its longest unbroken vertical run.
    func columns(_ id: Int) -> (counts: [Int], runs: [Int]) {
        let b = boxes[id]
        var counts = [Int](repeating: 0, count: b.x1 - b.x0), runs = counts
        for x in b.x0 ..< b.x1 {
            var run = 0
            for y in b.y0 ..< b.y1 {
                if owner[y * image.width + x] == Int32(id) {
                    counts[x - b.x0] += 1
                    run += 1
                    runs[x - b.x0] = max(runs[x - b.x0], run)
                } else {
                    run = 0
                }
            }
        }
        return (counts, runs)
    }

    /// A part of one piece: its pixels between two cuts, each given as the first column right of
    /// it in every row of the piece's box (nil: the piece's own edge).
    struct Part: Hashable {
        var id: Int
        var left: [Int]?
        var right: [Int]?

        /// Whether the part holds the pixel at (`x`, row `row` of the piece's box).
        func holds(_ x: Int, row: Int) -> Bool {
            (left.map { x >= $0[row] } ?? true) && (right.map { x < $0[row] } ?? true)
        }
    }

    /// Cuts down through piece `id`, one near each of `columns`: in each row, the first column
    /// right of the cut, within `reach` columns of the cut's line and moving at most one column a
    /// row. The line runs through its column at mid-height, straight down or leaning `slant`
    /// columns right for each row up, as handwriting leans. Each cut runs through as few rows of
    /// ink, or of paper the ink walls in, as it can, so digits that overlap are parted along the
    /// paper between them rather than by a straight line through both, and a loop is not cut
    /// around its inside. `walled` is the piece's ``enclosed(_:)`` when the caller has it.
    func cuts(_ id: Int, near columns: [Int], reach: Int, slant: Double = 0, walled: [Bool]? = nil) -> [[Int]] {
        let walled = walled ?? ((reach > 0 || slant != 0) && !columns.isEmpty ? enclosed(id) : [])
        return columns.map { cut(id, near: $0, reach: reach, slant: slant, walled: walled) }
    }

    /// One of ``cuts(_:near:reach:slant:walled:)``, given the piece's `enclosed` pixels.
    private func cut(_ id: Int, near x: Int, reach: Int, slant: Double, walled: [Bool]) -> [Int] {
        let b = boxes[id], rows = b.y1 - b.y0
        func line(_ row: Int) -> Int { x + Int((Double(rows / 2 - row) * slant).rounded()) }
        let (top, bottom) = (line(0), line(max(0, rows - 1)))
        let lo = max(b.x0 + 1, min(top, bottom) - reach), hi = min(b.x1 - 1, max(top, bottom) + reach)
        guard lo < hi, rows > 0 else { return [Int](repeating: min(max(x, b.x0), b.x1), count: rows) }
        let span = hi - lo + 1
        // cost[p]: the least cost of a cut from the top row down to this one at column lo + p: 1
        // a row through ink or walled-in paper, 0.05 a column stepped aside, and 0.05 a row for
        // each column away from the line.
        func through(_ p: Int, _ row: Int) -> Double {
            (walled[row * (b.x1 - b.x0) + lo + p - b.x0] ? 1 : 0) + 0.05 * Double(abs(lo + p - line(row)))
        }
        var cost = (0 ..< span).map { through($0, 0) }
        var from = [[Int8]](repeating: [Int8](repeating: 0, count: span), count: rows)
        for row in 1 ..< rows {
            var next = cost
            for p in 0 ..< span {
                var best = cost[p], step: Int8 = 0
                if p > 0, cost[p - 1] + 0.05 < best { best = cost[p - 1] + 0.05; step = -1 }
                if p + 1 < span, cost[p + 1] + 0.05 < best { best = cost[p + 1] + 0.05; step = 1 }
                next[p] = best + through(p, row)
                from[row][p] = step
            }
            cost = next
        }
        var p = cost.indices.min { cost[$0] < cost[$1] }!
        var columns = [Int](repeating: 0, count: rows)
        for row in stride(from: rows - 1, through: 0, by: -1) {
            columns[row] = lo + p
            p += Int(from[row][p])
        }
        return columns
    }

    /// For each pixel of piece `id`'s box (row by row): whether it is its ink or paper the ink
    /// walls in (the inside of a loop), which a cut between two digits does not run through.
    func enclosed(_ id: Int) -> [Bool] {
        let b = boxes[id], (bw, bh) = (b.x1 - b.x0, b.y1 - b.y0)
        var walled = [Bool](repeating: true, count: bw * bh)
        var stack: [Int] = []
        func open(_ x: Int, _ y: Int) {
            let i = y * bw + x
            guard walled[i], owner[(b.y0 + y) * image.width + b.x0 + x] != Int32(id) else { return }
            walled[i] = false
            stack.append(i)
        }
        for x in 0 ..< bw { open(x, 0); open(x, bh - 1) }
        for y in 0 ..< bh { open(0, y); open(bw - 1, y) }
        while let i = stack.popLast() {
            let (x, y) = (i % bw, i / bw)
            if x > 0 { open(x - 1, y) }
            if x + 1 < bw { open(x + 1, y) }
            if y > 0 { open(x, y - 1) }
            if y + 1 < bh { open(x, y + 1) }
        }
        return walled
    }

    /// How many rows `cut` (a cut through piece `id`, as ``cuts(_:near:reach:slant:walled:)`` gives
    /// them) runs through paper the piece's ink walls in, just left of the cut: a cut inside a
    /// loop parts one digit, not two. `walled` is ``enclosed(_:)`` of the piece.
    func loopRows(_ id: Int, along cut: [Int], walled: [Bool]) -> Int {
        let b = boxes[id], bw = b.x1 - b.x0
        var rows = 0
        for (row, x) in cut.enumerated() where x - 1 >= b.x0 && x - 1 < b.x1 {
            if walled[row * bw + x - 1 - b.x0] && owner[(b.y0 + row) * image.width + x - 1] != Int32(id) { rows += 1 }
        }
        return rows
    }

    /// How many rows `cut` severs the piece's ink in: rows where the pixels either side of it are
    /// both the piece's. A cut beside a stroke severs nothing; one through a stroke or a blot does.
    func severedRows(_ id: Int, along cut: [Int]) -> Int {
        let b = boxes[id]
        var rows = 0
        for (row, x) in cut.enumerated() where x - 1 >= b.x0 && x < b.x1 {
            let i = (b.y0 + row) * image.width + x
            if owner[i - 1] == Int32(id) && owner[i] == Int32(id) { rows += 1 }
        }
        return rows
    }

    /// The columns `part` may hold pixels in, its piece's faint rim included.
    func span(of part: Part) -> Range<Int> {
        let b = boxes[part.id]
        let x0 = part.left?.min() ?? b.x0 - 1, x1 = part.right?.max() ?? b.x1 + 1
        return max(0, x0) ..< max(max(0, x0), min(image.width, x1))
    }

    /// The box around the ink of `part`, nil when it holds none.
    func inkBox(_ part: Part) -> InkBox? {
        let b = boxes[part.id], xs = span(of: part)
        var x0 = Int.max, y0 = Int.max, x1 = Int.min, y1 = Int.min
        for y in b.y0 ..< b.y1 {
            for x in max(b.x0, xs.lowerBound) ..< max(b.x0, min(b.x1, xs.upperBound)) where owner[y * image.width + x] == Int32(part.id) && part.holds(x, row: y - b.y0) {
                x0 = min(x0, x); x1 = max(x1, x + 1); y0 = min(y0, y); y1 = max(y1, y + 1)
            }
        }
        return x0 < x1 ? InkBox(x0: Double(x0), y0: Double(y0), x1: Double(x1), y1: Double(y1)) : nil
    }

    /// A picture of only the given parts, cropped to `around`, the box of their ink (``inkBox(_:)``),
    /// plus a pixel of paper around. The faint rim of a piece goes with the part beside it (the
    /// rim one row above or below the box with the part of the nearest row).
    func picture(of parts: [Part], around: InkBox) -> GrayImage {
        let (x0, y0) = (Int(around.x0) - 1, Int(around.y0) - 1)
        var out = GrayImage(width: Int(around.width) + 2, height: Int(around.height) + 2)
        for part in parts {
            let b = boxes[part.id], rows = b.y1 - b.y0, xs = span(of: part)
            for y in max(0, b.y0 - 1) ..< min(image.height, b.y1 + 1) {
                let row = min(max(y - b.y0, 0), rows - 1)
                for x in xs where owner[y * image.width + x] == Int32(part.id) && part.holds(x, row: row) {
                    let (ox, oy) = (x - x0, y - y0)
                    if ox >= 0, oy >= 0, ox < out.width, oy < out.height { out[ox, oy] = image.pixels[y * image.width + x] }
                }
            }
        }
        return out
    }
}
