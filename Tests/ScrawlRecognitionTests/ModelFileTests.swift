import Foundation
import XCTest
import ScrawlCLI
import ScrawlEngine
@testable import ScrawlRecognition

final class ModelFileTests: XCTestCase {
    func model() throws -> Sequential {
        let m = try Sequential(inputShape: [28, 28, 1], specs: Architectures.scrawlNet, seed: 3, metadata: ["name": "test"])
        for (i, p) in m.storedTensors.enumerated() { p.value[0] = Float(i) + 0.25 }
        return m
    }

    func testRoundTripKeepsArchitectureWeightsAndMetadata() throws {
        let original = try model()
        let path = NSTemporaryDirectory() + "roundtrip-\(UUID()).scrawl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(original, to: path)
        let loaded = try ModelFile.load(path: path)
        XCTAssertEqual(loaded.specs, original.specs)
        XCTAssertEqual(loaded.metadata, ["name": "test"])
        XCTAssertEqual(loaded.storedTensors.map(\.value), original.storedTensors.map(\.value))
        var rng = SeededGenerator(seed: 1)
        let x = Tensor(shape: [2, 28, 28, 1], data: (0 ..< 2 * 784).map { _ in rng.nextUnit() })
        XCTAssertEqual(loaded.forward(x, training: false), original.forward(x, training: false))
    }

    func testEveryArchitectureOfTheLayerSetRoundTrips() throws {
        let specs: [LayerSpec] = [.conv2d(filters: 3, kernel: 2, stride: 2, padding: .same, bias: false), .relu,
                                  .maxPool2d(size: 3, stride: 1), .dropout(rate: 0.1), .batchNorm(momentum: 0.5, epsilon: 0.1),
                                  .flatten, .dense(units: 5), .relu, .dense(units: 3)]
        let m = try Sequential(inputShape: [9, 9, 2], specs: specs)
        let back = try ModelFile.decode(try ModelFile.encode(m))
        XCTAssertEqual(back.specs, specs)
        XCTAssertEqual(back.inputShape, [9, 9, 2])
    }

    func expect(_ data: Data, _ check: (ModelError) -> Bool, _ message: String, line: UInt = #line) {
        XCTAssertThrowsError(try ModelFile.decode(data), line: line) { error in
            guard let e = error as? ModelError else { return XCTFail("not a ModelError: \(error)", line: line) }
            XCTAssertTrue(check(e), "\(message): got \(e)", line: line)
            XCTAssertFalse(e.description.isEmpty)
        }
    }

    func testTruncatedFilesSayTruncated() throws {
        let bytes = try ModelFile.encode(try model())
        for cut in [3, 10, 19, 200, bytes.count / 2, bytes.count - 1] {
            expect(bytes.prefix(cut), { if case .truncated = $0 { return true }; return false }, "cut at \(cut)")
        }
    }

    func testWrongVersionSaysVersion() throws {
        var bytes = try ModelFile.encode(try model())
        bytes[8] = 3
        expect(bytes, { $0 == .unsupportedVersion(found: 3, supported: 2) }, "version 3")
    }

    func testFlippedWeightByteSaysChecksum() throws {
        var bytes = try ModelFile.encode(try model())
        bytes[bytes.count - 100] ^= 0x40
        expect(bytes, { if case .checksumMismatch = $0 { return true }; return false }, "flipped byte")
    }

    func testOtherFilesSayNotAModel() {
        expect(Data("\u{89}PNG\r\n\u{1A}\n and more".utf8), { $0 == .notAModel }, "a PNG")
        expect(Data("hello".utf8), { $0 == .notAModel }, "short text")
        expect(Data(), { $0 == .notAModel }, "empty")
    }

    /// Rewrites the header JSON and recomputes the checksum, as a hand-edited or foreign file would be.
    func withHeader(_ bytes: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        let b = [UInt8](bytes)
        let hl = Int(b[12]) | Int(b[13]) << 8 | Int(b[14]) << 16 | Int(b[15]) << 24
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(b[16 ..< 16 + hl])) as? [String: Any])
        edit(&json)
        let newHeader = try JSONSerialization.data(withJSONObject: json)
        var out = Data(b[0 ..< 12])
        withUnsafeBytes(of: UInt32(newHeader.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(newHeader)
        out.append(contentsOf: b[(16 + hl) ..< (b.count - 4)])
        let crc = out.withUnsafeBytes { crc32Checksum($0) }
        withUnsafeBytes(of: crc.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    func testSeveralNetworksAreOneModel() throws {
        let first = try model()
        let second = try Sequential(inputShape: [28, 28, 1], specs: Architectures.scrawlNet, seed: 4, metadata: ["name": "second"])
        XCTAssertEqual(try ModelFile.encode(first)[8], 1, "one network stays a version 1 file, which older releases read")
        let bytes = try ModelFile.encode(networks: [first, second])
        XCTAssertEqual(bytes[8], 2)
        let back = try ModelFile.decodeNetworks(bytes)
        XCTAssertEqual(back.count, 2)
        XCTAssertEqual(back.map { $0.storedTensors.map(\.value) }, [first, second].map { $0.storedTensors.map(\.value) })
        XCTAssertEqual(back.map(\.metadata), [["name": "test"], ["name": "test"]], "the file's metadata is the first network's")
        expect(bytes, { $0 == .severalNetworks(2) }, "one network asked of a file of two")
        for cut in [20, bytes.count / 2, bytes.count - 1] {
            expect(bytes.prefix(cut), { if case .truncated = $0 { return true }; return false }, "cut at \(cut)")
        }

        // Loaded, the two are one model: the first network's answer where it is sure (the
        // hand-set weights of `model()` are sure of this drawing), the mean where it is not
        // (`second`, untrained, first).
        let seven = Drawing(strokes: [Stroke(points: [Point(150, 120), Point(420, 120), Point(250, 460)], width: 22)])
        let alone = try [first, second].map { try XCTUnwrap(try Recognizer(model: $0, source: "alone").recognize(seven)) }
        let largest = alone.map { max($0.probabilities.max()!, $0.notADigitProbability) }
        XCTAssertGreaterThanOrEqual(largest[0], Ensemble.sureEnough)
        XCTAssertLessThan(largest[1], Ensemble.sureEnough)
        for (order, sure) in [([first, second], true), ([second, first], false)] {
            let path = NSTemporaryDirectory() + "two-\(UUID()).scrawl"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try ModelFile.save(networks: order, to: path)
            let answer = try XCTUnwrap(try Recognizer(modelPath: path).recognize(seven)).probabilities
            for k in answer.indices {
                let expected = sure ? alone[0].probabilities[k] : (alone[0].probabilities[k] + alone[1].probabilities[k]) / 2
                XCTAssertEqual(answer[k], expected, accuracy: 1e-6, "output \(k), the first network \(sure ? "sure" : "unsure")")
            }
        }
    }

    func testNetworksThatDoNotAnswerAlikeAreRefused() throws {
        let ten = try model()
        let eleven = try Sequential(inputShape: [28, 28, 1], specs: Architectures.scrawlNet(outputs: 11), seed: 4)
        XCTAssertThrowsError(try ModelFile.encode(networks: [ten, eleven])) { error in
            XCTAssertTrue("\(error)".contains("network 2"), "\(error)")
        }
        // A hand-edited file whose second network declares other layers than its weights.
        let edited = try withHeader(try ModelFile.encode(networks: [ten, try model()])) { json in
            var networks = json["networks"] as! [[String: Any]]
            var layers = networks[1]["layers"] as! [[String: Any]]
            layers[layers.count - 1] = ["dense": ["units": 11]]
            networks[1]["layers"] = layers
            json["networks"] = networks
        }
        XCTAssertThrowsError(try ModelFile.decodeNetworks(edited)) { error in
            guard case let .shapeMismatch(why) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.hasPrefix("network 2: "), why)
        }
    }

    func testShapesThatDoNotMatchTheArchitecture() throws {
        let bytes = try ModelFile.encode(try model())
        let edited = try withHeader(bytes) { json in
            var layers = json["layers"] as! [[String: Any]]
            layers[0] = ["conv2d": ["filters": 16, "kernel": 3, "stride": 1, "padding": "valid", "bias": false]]
            json["layers"] = layers
        }
        expect(edited, { if case .shapeMismatch = $0 { return true }; return false }, "16 filters declared, 32 stored")
    }

    func testAbsurdLayerCount() throws {
        let bytes = try ModelFile.encode(try model())
        let edited = try withHeader(bytes) { json in json["layers"] = Array(repeating: ["relu": [:]], count: 100_000) }
        expect(edited, { if case .shapeMismatch = $0 { return true }; if case .malformedHeader = $0 { return true }; return false },
               "100,000 layers")
    }

    func testNaNWeights() throws {
        let m = try model()
        m.parameters[0].value[5] = .nan
        expect(try ModelFile.encode(m), { if case .invalidWeights = $0 { return true }; return false }, "NaN")
    }

    func testSaveIsAtomicAndLeavesNoTemporaryFiles() throws {
        let dir = NSTemporaryDirectory() + "atomic-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.scrawl"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try ModelFile.save(try model(), to: path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["m.scrawl"])
        XCTAssertNoThrow(try ModelFile.load(path: path))
        XCTAssertThrowsError(try ModelFile.save(try model(), to: dir + "/missing-folder/m.scrawl")) { error in
            XCTAssertTrue("\(error)".contains("missing-folder"), "\(error)")
        }
    }
}
