import CZlib
import Foundation
import ScrawlEngine

/// A small sample of other people's digits that ships in `Resources/`, so a personal model can
/// rehearse them while it learns one person's hand (a user's machine has no `../shared`).
///
/// Two gzipped IDX files, `replay-images.idx.gz` (n x 28 x 28, unsigned bytes) and
/// `replay-labels.idx.gz` (n): network inputs (already preprocessed) of MNIST training digits and
/// of pendigits trajectories drawn through the canvas's stroke path, the same number of each
/// digit. `scrawl model replay-sample` makes them (README says with which command).
public enum ReplaySample {
    public static let imagesName = "replay-images.idx.gz"
    public static let labelsName = "replay-labels.idx.gz"

    /// The sample that ships; throws when its files are not found or cannot be read.
    public static func shipped() throws -> DigitSet {
        guard let images = ResourceLocator.path(of: imagesName), let labels = ResourceLocator.path(of: labelsName) else {
            throw ModelError.io("the replay sample (\(imagesName)) was not found (set SCRAWL_RESOURCES)")
        }
        return try MNIST.digitSet(images: try IDXReader.read(path: images), labels: try IDXReader.read(path: labels))
    }

    /// `perDigit` network inputs of each digit: half from `mnist` (preprocessed), half from `pen`
    /// drawn at a random pen width, chosen from `seed`.
    public static func make(mnist: DigitSet, pen: [PenDigits.Sample], perDigit: Int, seed: UInt64) -> DigitSet {
        var rng = SeededGenerator(seed: seed)
        var pixels: [Float] = [], labels: [Int] = []
        for digit in 0 ... 9 {
            let fromMNIST = mnist.labels.indices.filter { mnist.labels[$0] == digit }.shuffled(using: &rng)
            let fromPen = pen.indices.filter { pen[$0].label == digit }.shuffled(using: &rng)
            let half = pen.isEmpty ? perDigit : perDigit / 2
            for i in fromMNIST.prefix(perDigit - min(half, fromPen.count)) {
                pixels += mnist.pixels[i * 784 ..< (i + 1) * 784]
                labels.append(digit)
            }
            for i in fromPen.prefix(half) {
                let drawing = PenDigitsScore.drawing(of: pen[i], index: i, width: Double(10 + rng.next() % 41))
                guard let input = HandwritingExamples.networkInput(drawing, raster: false) else { continue }
                pixels += input
                labels.append(digit)
            }
        }
        return DigitSet(pixels: pixels, labels: labels)
    }

    /// Writes `set` as the two gzipped IDX files into `folder`, each atomically.
    public static func write(_ set: DigitSet, to folder: String) throws {
        var images: [UInt8] = [0, 0, 0x08, 3] + bigEndian(set.count) + bigEndian(28) + bigEndian(28)
        images += set.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
        try writeGzip(images, to: (folder as NSString).appendingPathComponent(imagesName))
        let labels: [UInt8] = [0, 0, 0x08, 1] + bigEndian(set.count) + set.labels.map { UInt8($0) }
        try writeGzip(labels, to: (folder as NSString).appendingPathComponent(labelsName))
    }

    private static func bigEndian(_ n: Int) -> [UInt8] { (0 ..< 4).map { UInt8(n >> (24 - 8 * $0) & 0xFF) } }

    /// Gzips `bytes` into a temporary file beside `path`, then renames it into place.
    private static func writeGzip(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".partial"
        guard let file = gzopen(temporary, "wb9") else { throw ModelError.io("cannot write \(temporary)") }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        let closed = gzclose(file)
        guard written == Int32(bytes.count), closed == Z_OK else {
            unlink(temporary)
            throw ModelError.io("cannot write \(path)")
        }
        let fd = open(temporary, O_RDONLY)
        let synced = fd >= 0 && fsync(fd) == 0
        if fd >= 0 { close(fd) }
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ModelError.io("cannot move \(temporary) to \(path)")
        }
    }
}
