/// Per-channel sums over `rows` rows, where `add(row, acc)` adds one row into `acc`. Rows are
/// summed in fixed blocks, in parallel, and the block sums added in order, so the result does
/// not depend on the thread count.
func columnSums(rows: Int, channels: Int, add: (Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    let block = 256
    let blocks = (rows + block - 1) / block
    var partial = [Float](repeating: 0, count: blocks * channels)
    partial.withUnsafeMutableBufferPointer { p in
        let base = p.baseAddress!
        Parallel.forChunks(blocks, cost: block * channels) { range in
            for b in range {
                for r in b * block ..< min(rows, (b + 1) * block) { add(r, base + b * channels) }
            }
        }
    }
    var total = [Float](repeating: 0, count: channels)
    for b in 0 ..< blocks { for j in 0 ..< channels { total[j] += partial[b * channels + j] } }
    return total
}

/// The sum of the rows of a `rows x columns` matrix (a bias gradient), by ``columnSums(rows:channels:add:)``.
func sumRows(_ m: [Float], rows: Int, columns: Int) -> [Float] {
    m.withUnsafeBufferPointer { src in
        let s = src.baseAddress!
        return columnSums(rows: rows, channels: columns) { r, acc in
            for j in 0 ..< columns { acc[j] += s[r * columns + j] }
        }
    }
}
