import Foundation
import ScrawlEngine

/// Loads the MNIST IDX files (where they are is the command line's business: ``DataLocation``).
public enum MNIST {
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
