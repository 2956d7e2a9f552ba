import Foundation
import XCTest
import ScrawlEngine
@testable import ScrawlRecognition
import ScrawlTestSupport

/// Seeded mutation fuzzing of everything Scrawl reads from disk. Each target must answer every
/// input with a value or a typed error — never crash, hang or throw something unexpected. The
/// normal run tries a fixed, seeded set of inputs; `./meson-helper.sh fuzz SECONDS` runs longer.
final class FuzzTests: XCTestCase {
    static let corpus = ScrawlProcess.projectRoot.appendingPathComponent("Tests/Fuzz/corpus")

    func seeds(_ folder: String) throws -> [[UInt8]] {
        let dir = Self.corpus.appendingPathComponent(folder).path
        return try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)))
        }
    }

    /// Runs `target` on mutated seeds. It returns a name for what it made of the input, or throws;
    /// errors of type `expected` are answers (grouped by case), anything else fails the test.
    func fuzz<E: Error>(_ name: String, seed: UInt64, seeds: [[UInt8]], expected: E.Type,
                        _ target: ([UInt8]) throws -> String) {
        var mutator = Mutator(seed: seed)
        var outcomes: [String: Int] = [:]
        let tried = mutator.run(seeds: seeds) { input in
            do {
                outcomes[try target(input), default: 0] += 1
            } catch let e as E {
                outcomes[Mirror(reflecting: e).children.first?.label ?? String(describing: e), default: 0] += 1
            } catch {
                XCTFail("\(name): unexpected error \(error)")
            }
        }
        let summary = outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("fuzz \(name): \(tried) inputs, no crash (\(summary))")
        XCTAssertGreaterThan(tried, 0)
    }

    /// PNG chunks' CRCs recomputed, so mutations reach libpng's decoding and not just its CRC check.
    static func fixingCRCs(_ b: [UInt8]) -> [UInt8] {
        var out = b
        var at = 8
        while at + 12 <= out.count {
            let length = Int(out[at]) << 24 | Int(out[at + 1]) << 16 | Int(out[at + 2]) << 8 | Int(out[at + 3])
            guard length >= 0, at + 12 + length <= out.count else { break }
            let crc = out.withUnsafeBytes { crc32Checksum(UnsafeRawBufferPointer(rebasing: $0[(at + 4) ..< (at + 8 + length)])) }
            for i in 0 ..< 4 { out[at + 8 + length + i] = UInt8(crc >> (8 * UInt32(3 - i)) & 0xFF) }
            at += 12 + length
        }
        return out
    }

    func testPNGDecoder() throws {
        fuzz("png", seed: 101, seeds: try seeds("png"), expected: PNGError.self) { input in
            let image = try PNGCodec.decode(Data(input.count % 2 == 0 ? Self.fixingCRCs(input) : input))
            XCTAssertEqual(image.rgba.count, image.width * image.height * 4)
            _ = Preprocessor.digitInput(from: image.ink)
            return "decoded"
        }
    }

    func testModelLoader() throws {
        let model = try Sequential(inputShape: [6, 6, 1], specs: [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, bias: true),
                                                                  .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .maxPool2d(size: 2, stride: 2),
                                                                  .dropout(rate: 0.2), .flatten, .dense(units: 3)], seed: 3)
        fuzz("model", seed: 202, seeds: [[UInt8](try ModelFile.encode(model))], expected: ModelError.self) { input in
            var bytes = input
            if bytes.count > 4 && bytes.count % 2 == 0 {
                // Recompute the checksum so the mutation reaches the header and the architecture.
                let crc = bytes.withUnsafeBytes { crc32Checksum(UnsafeRawBufferPointer(rebasing: $0[0 ..< bytes.count - 4])) }
                withUnsafeBytes(of: crc.littleEndian) { for i in 0 ..< 4 { bytes[bytes.count - 4 + i] = $0[i] } }
            }
            let m = try ModelFile.decode(Data(bytes))
            let out = m.inferencePlan().forward(Tensor(shape: [1] + m.inputShape, repeating: 0.5))
            XCTAssertEqual(out.batch, 1)
            return "loaded"
        }
    }

    /// A damaged index is never an error: whatever was read, the store still takes a new entry.
    struct NoErrorExpected: Error {}

    func testHistoryReader() throws {
        let dir = try ScrawlProcess.temporaryFolder("scrawl-fuzz-history")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        fuzz("history", seed: 303, seeds: try seeds("history"), expected: NoErrorExpected.self) { input in
            try Data(input).write(to: URL(fileURLWithPath: dir + "/history.jsonl"))
            let store = try HistoryStore(folder: dir)
            XCTAssertLessThanOrEqual(store.entries.count + store.damagedLines.count, input.split(separator: UInt8(ascii: "\n")).count)
            if store.readOnlyReason == nil {
                let e = HistoryEntry(digit: 1, confidence: 0.5, probabilities: [Float](repeating: 0.1, count: 10), model: "fuzz")
                try store.record(e, drawingPNG: nil)
                XCTAssertEqual(try HistoryStore(folder: dir).entries.last?.id, e.id)
            }
            return store.damagedLines.isEmpty ? "clean" : "damaged lines"
        }
    }

    func testIDXReader() throws {
        fuzz("idx", seed: 404, seeds: try seeds("idx").filter { $0.first == 0 }, expected: IDXError.self) { input in
            let a = try IDXReader.parse(input, path: "fuzz")
            XCTAssertEqual(a.bytes.count, a.dimensions.reduce(1, *))
            return "parsed"
        }
    }
}
