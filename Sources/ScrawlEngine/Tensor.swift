/// A float32 tensor: a shape and a contiguous, row-major buffer.
///
/// Images are stored NHWC (batch, height, width, channels), so a convolution's output rows are
/// the rows of one matrix multiply.
public struct Tensor: Equatable, Sendable {
    /// The extent of each dimension, outermost first.
    public var shape: [Int]
    /// The elements, row-major; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor over existing data; the count must match the shape.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) elements")
        self.shape = shape
        self.data = data
    }

    /// A tensor of `shape` whose every element `fill(out, range)` writes, for contiguous ranges of
    /// elements run in parallel (`granule`, `cost`: as for ``Parallel/forChunks(_:granule:cost:_:)``;
    /// a granule that is a multiple of the row length gives whole rows). Nothing is zeroed first:
    /// `fill` must write every element of its range.
    init(shape: [Int], granule: Int = 1024, cost: Int = 1, fill: (UnsafeMutablePointer<Float>, Range<Int>) -> Void) {
        self.init(uninitializedShape: shape)
        data.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            Parallel.forChunks(buffer.count, granule: granule, cost: cost) { range in fill(out, range) }
        }
    }

    /// A tensor of `shape` whose elements are left unset: the caller writes every one before it is read.
    init(uninitializedShape shape: [Int]) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.data = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Number of elements.
    public var count: Int { data.count }

    /// Size of the outermost dimension (the batch).
    public var batch: Int { shape.first ?? 1 }

    /// Elements per batch item.
    public var itemCount: Int { shape.count > 1 ? shape.dropFirst().reduce(1, *) : 1 }

    /// The same elements under another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// Items `range` of the batch, as a tensor of the same item shape.
    public func batchSlice(_ range: Range<Int>) -> Tensor {
        let n = itemCount
        return Tensor(shape: [range.count] + shape.dropFirst(), data: Array(data[range.lowerBound * n ..< range.upperBound * n]))
    }

    /// Index of the largest element of each batch item.
    public func argmaxPerItem() -> [Int] {
        let n = itemCount
        return (0 ..< batch).map { b in
            var best = 0
            for i in 1 ..< n where data[b * n + i] > data[b * n + best] { best = i }
            return best
        }
    }
}
