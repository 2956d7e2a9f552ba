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
        let (w, h) = (image.width, image.height)
        owner = [Int32](repeating: -1, count: w * h)
        let cut = (image.pixels.max() ?? 0) * threshold
        guard cut > 0 else { return }
        var stack: [Int] = []
        for start in 0 ..< w * h where owner[start] < 0 && image.pixels[start] > cut {
            let id = Int32(boxes.count)
            var box = (x0: w, y0: h, x1: 0, y1: 0), area = 0
            owner[start] = id
            stack.append(start)
            while let i = stack.popLast() {
                let (x, y) = (i % w, i / w)
                area += 1
                box = (min(box.x0, x), min(box.y0, y), max(box.x1, x + 1), max(box.y1, y + 1))
                for ny in max(0, y - 1) ... min(h - 1, y + 1) {
                    for nx in max(0, x - 1) ... min(w - 1, x + 1) {
                        let j = ny * w + nx
                        if owner[j] < 0 && image.pixels[j] > cut { owner[j] = id; stack.append(j) }
                    }
                }
            }
            boxes.append(box)
            areas.append(area)
        }
        // The rim: faint ink next to a piece joins it (one pixel out, enough for anti-aliasing).
        var rim = owner
        for y in 0 ..< h {
            for x in 0 ..< w where owner[y * w + x] < 0 && image.pixels[y * w + x] > 0.02 {
                search: for ny in max(0, y - 1) ... min(h - 1, y + 1) {
                    for nx in max(0, x - 1) ... min(w - 1, x + 1) where owner[ny * w + nx] >= 0 {
                        rim[y * w + x] = owner[ny * w + nx]
                        break search
                    }
                }
            }
        }
        owner = rim
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

    /// The rows piece `id` reaches within `columns`.
    func rows(of id: Int, in columns: Range<Int>) -> Range<Int> {
        let b = boxes[id]
        var top = b.y1, bottom = b.y0
        for y in b.y0 ..< b.y1 {
            for x in max(b.x0, columns.lowerBound) ..< min(b.x1, columns.upperBound) where owner[y * image.width + x] == Int32(id) {
                top = min(top, y); bottom = max(bottom, y + 1)
                break
            }
        }
        return top < bottom ? top ..< bottom : b.y0 ..< b.y1
    }

    /// A picture of only the given parts, each a piece and the columns of it to keep, cropped to
    /// their box (plus a pixel of paper around).
    func picture(of parts: [(id: Int, columns: Range<Int>)]) -> GrayImage {
        var x0 = Int.max, y0 = Int.max, x1 = Int.min, y1 = Int.min
        for (id, cols) in parts {
            let b = boxes[id]
            x0 = min(x0, max(b.x0, cols.lowerBound) - 1); x1 = max(x1, min(b.x1, cols.upperBound) + 1)
            y0 = min(y0, b.y0 - 1); y1 = max(y1, b.y1 + 1)
        }
        var out = GrayImage(width: x1 - x0, height: y1 - y0)
        for (id, cols) in parts {
            let b = boxes[id]
            for y in max(0, b.y0 - 1) ..< min(image.height, b.y1 + 1) {
                for x in max(0, b.x0 - 1, cols.lowerBound) ..< min(image.width, b.x1 + 1, cols.upperBound)
                where owner[y * image.width + x] == Int32(id) {
                    out[x - x0, y - y0] = image.pixels[y * image.width + x]
                }
            }
        }
        return out
    }
}
