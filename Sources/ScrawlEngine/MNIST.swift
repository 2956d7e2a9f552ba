import Foundation

/// A labelled set of 28x28 greyscale digits, pixels as floats in [0, 1] (ink is 1).
public struct DigitSet: Sendable {
    public static let side = 28
    /// `count * 784` pixels, image after image.
    public var pixels: [Float]
    public var labels: [Int]
    public var count: Int { labels.count }

    public init(pixels: [Float], labels: [Int]) {
        precondition(pixels.count == labels.count * DigitSet.side * DigitSet.side)
        self.pixels = pixels
        self.labels = labels
    }

    /// Images `indices` as a `[n, 28, 28, 1]` batch.
    public func batch(_ indices: some Collection<Int>) -> Tensor {
        let size = DigitSet.side * DigitSet.side
        var data = [Float](repeating: 0, count: indices.count * size)
        for (slot, i) in indices.enumerated() {
            for p in 0 ..< size { data[slot * size + p] = pixels[i * size + p] }
        }
        return Tensor(shape: [indices.count, DigitSet.side, DigitSet.side, 1], data: data)
    }
}

/// Finds and loads the MNIST IDX files.
public enum MNIST {
    /// The data folder: an explicit option, else `$MNIST_DIR`, else `../shared/mnist` when it exists.
    public static func locate(_ option: String?) -> String? {
        if let option { return option }
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { return env }
        let fallback = FileManager.default.currentDirectoryPath + "/../shared/mnist"
        return FileManager.default.fileExists(atPath: fallback) ? (fallback as NSString).standardizingPath : nil
    }

    /// The training (60,000) or test (10,000) set from `folder`.
    public static func load(folder: String, train: Bool) throws -> DigitSet {
        let stem = train ? "train" : "t10k"
        let images = try IDXReader.read(path: try find(folder, "\(stem)-images-idx3-ubyte"))
        let labels = try IDXReader.read(path: try find(folder, "\(stem)-labels-idx1-ubyte"))
        return try digitSet(images: images, labels: labels)
    }

    /// Pairs an images array (`n x 28 x 28`) with a labels array (`n`), checking they agree.
    public static func digitSet(images: IDXReader.Array, labels: IDXReader.Array) throws -> DigitSet {
        guard images.dimensions.count == 3, images.dimensions[1] == 28, images.dimensions[2] == 28 else {
            throw IDXError.sizeMismatch(path: "images", declared: 28 * 28, actual: images.dimensions.dropFirst().reduce(1, *))
        }
        guard labels.dimensions.count == 1, labels.dimensions[0] == images.dimensions[0] else {
            throw IDXError.countMismatch(images: images.dimensions[0], labels: labels.dimensions.first ?? 0)
        }
        if let bad = labels.bytes.first(where: { $0 > 9 }) {
            throw IDXError.sizeMismatch(path: "labels (label \(bad) is not a digit)", declared: 10, actual: Int(bad))
        }
        return DigitSet(pixels: images.bytes.map { Float($0) / 255 }, labels: labels.bytes.map(Int.init))
    }

    static func find(_ folder: String, _ stem: String) throws -> String {
        for name in [stem, stem + ".gz"] {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw IDXError.missingFile(folder: folder, name: stem)
    }
}
