extension Skeleton {
    /// Whether `image`'s ink, thinned to its centre lines (``centreLines(_:threshold:)``), forks or
    /// crosses anywhere once twigs are trimmed: ends no longer than `twig` times the pen's width
    /// (the ink's area over its centre lines' length), which thinning leaves at a fat stroke's
    /// corners and ends. Ink that does not fork is one line or one loop, as one stroke of the pen
    /// draws it (a V, an N, a zigzag, a 0); two digits that touch fork or cross where they meet,
    /// and so does a letter whose strokes meet (an A, an H).
    ///
    /// Trimming peels every line's free end `twig` times, a pixel at a time (a longer line comes
    /// out shorter by as much at each free end, which does not change its shape). What is left is
    /// one line when it has two ends and walls in no paper, one loop when it has no end and walls
    /// in one patch; anything else forks (a T or a Y has three ends, an X four, an A two ends and
    /// a loop). Ends are counted, not forks, because where thinned lines meet or cross the pixels
    /// cluster in ways no one pixel's neighbours tell apart from a bend.
    static func forks(_ image: GrayImage, twig: Double = 1, threshold: Float = 0.5) -> Bool {
        let lines = centreLines(image, threshold: threshold), pw = lines.rowLength
        var ink = lines.ink
        var standing = ink.indices.filter { ink[$0] == 1 }
        guard !standing.isEmpty else { return false }
        let area = image.pixels.reduce(0) { $0 + ($1 > threshold ? 1 : 0) }
        // The neighbours clockwise from north.
        let ring = [-pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1, -pw - 1]
        // An end: going round it, one run of ink, of at most two pixels (side by side).
        func isEnd(_ i: Int) -> Bool {
            var runs = 0, count = 0
            for k in 0 ..< 8 {
                count += Int(ink[i + ring[k]])
                if ink[i + ring[k]] == 0 && ink[i + ring[(k + 1) % 8]] == 1 { runs += 1 }
            }
            return runs <= 1 && count <= 2
        }
        for _ in 0 ..< Int((twig * Double(area) / Double(standing.count)).rounded(.up)) {
            let ends = standing.filter(isEnd)
            guard !ends.isEmpty else { break }
            for i in ends { ink[i] = 0 }
            standing.removeAll { ink[$0] == 0 }
        }
        // A line peeled away whole was short: one line.
        guard !standing.isEmpty else { return false }
        // Ends side by side are one end.
        var ends = 0, seen = Set<Int>()
        for i in standing where isEnd(i) && seen.insert(i).inserted {
            ends += 1
            var stack = [i]
            while let j = stack.popLast() {
                for d in ring where ink[j + d] == 1 && isEnd(j + d) && seen.insert(j + d).inserted { stack.append(j + d) }
            }
        }
        // Patches of paper the lines wall in: those not reached from the border, stepping across
        // or down (a line of diagonal steps is closed).
        var paper = ink.map { $0 == 0 }, patches = -1
        for start in paper.indices where paper[start] {
            patches += 1
            paper[start] = false
            var stack = [start]
            while let j = stack.popLast() {
                for d in [-pw, 1, pw, -1] where j + d >= 0 && j + d < paper.count && paper[j + d] {
                    paper[j + d] = false
                    stack.append(j + d)
                }
            }
        }
        return !(ends == 2 && patches == 0 || ends == 0 && patches == 1)
    }
}
