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

    /// The error's case name, to group outcomes.
    static func kind(_ error: Error) -> String {
        Mirror(reflecting: error).children.first?.label ?? String(describing: error)
    }

    func report(_ name: String, _ tried: Int, _ outcomes: [String: Int]) {
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
        var fuzz = Mutator(seed: 101)
        var outcomes: [String: Int] = [:]
        let tried = fuzz.run(seeds: try seeds("png")) { input in
            let bytes = input.count % 2 == 0 ? Self.fixingCRCs(input) : input
            do {
                let image = try PNGCodec.decode(Data(bytes))
                XCTAssertEqual(image.rgba.count, image.width * image.height * 4)
                _ = Preprocessor.digitInput(from: image.ink)
                outcomes["decoded", default: 0] += 1
            } catch let e as PNGError {
                outcomes[Self.kind(e), default: 0] += 1
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        report("png", tried, outcomes)
    }

    func testModelLoader() throws {
        let model = try Sequential(inputShape: [6, 6, 1], specs: [.conv2d(filters: 2, kernel: 3, stride: 1, padding: .same, bias: true),
                                                                  .batchNorm(momentum: 0.9, epsilon: 1e-3), .relu, .maxPool2d(size: 2, stride: 2),
                                                                  .dropout(rate: 0.2), .flatten, .dense(units: 3)], seed: 3)
        let seed = [UInt8](try ModelFile.encode(model))
        var fuzz = Mutator(seed: 202)
        var outcomes: [String: Int] = [:]
        let tried = fuzz.run(seeds: [seed]) { input in
            var bytes = input
            if bytes.count > 4 && bytes.count % 2 == 0 {
                // Recompute the checksum so the mutation reaches the header and the architecture.
                let crc = bytes.withUnsafeBytes { crc32Checksum(UnsafeRawBufferPointer(rebasing: $0[0 ..< bytes.count - 4])) }
                withUnsafeBytes(of: crc.littleEndian) { for i in 0 ..< 4 { bytes[bytes.count - 4 + i] = $0[i] } }
            }
            do {
                let m = try ModelFile.decode(Data(bytes))
                let out = m.inferenceModel().forward(Tensor(shape: [1] + m.inputShape, repeating: 0.5), training: false)
                XCTAssertEqual(out.batch, 1)
                outcomes["loaded", default: 0] += 1
            } catch let e as ModelError {
                outcomes[Self.kind(e), default: 0] += 1
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        report("model", tried, outcomes)
    }

    func testHistoryReader() throws {
        let dir = try ScrawlProcess.temporaryFolder("scrawl-fuzz-history")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fuzz = Mutator(seed: 303)
        var outcomes: [String: Int] = [:]
        let tried = fuzz.run(seeds: try seeds("history")) { input in
            do {
                try Data(input).write(to: URL(fileURLWithPath: dir + "/history.jsonl"))
                let store = try HistoryStore(folder: dir)
                let lines = input.split(separator: UInt8(ascii: "\n")).count
                XCTAssertLessThanOrEqual(store.entries.count + store.damagedLines.count, lines)
                if store.readOnlyReason == nil {
                    // Whatever was read, the store still takes a new entry and reads it back.
                    let e = HistoryEntry(digit: 1, confidence: 0.5, probabilities: [Float](repeating: 0.1, count: 10), model: "fuzz")
                    try store.record(e, drawingPNG: nil)
                    XCTAssertEqual(try HistoryStore(folder: dir).entries.last?.id, e.id)
                }
                outcomes[store.damagedLines.isEmpty ? "clean" : "damaged lines", default: 0] += 1
            } catch {
                XCTFail("the history reader failed on a damaged index: \(error)")
            }
        }
        report("history", tried, outcomes)
    }

    func testIDXReader() throws {
        var fuzz = Mutator(seed: 404)
        var outcomes: [String: Int] = [:]
        let raw = try seeds("idx").filter { $0.first == 0 }
        let tried = fuzz.run(seeds: raw) { input in
            do {
                let a = try IDXReader.parse(input, path: "fuzz")
                XCTAssertEqual(a.bytes.count, a.dimensions.reduce(1, *))
                outcomes["parsed", default: 0] += 1
            } catch let e as IDXError {
                outcomes[Self.kind(e), default: 0] += 1
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        report("idx", tried, outcomes)
    }
}
