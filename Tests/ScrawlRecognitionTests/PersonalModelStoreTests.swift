import Foundation
import XCTest
import ScrawlEngine
@testable import ScrawlRecognition
import ScrawlTestSupport

/// The personal model store: create, list, rename, delete, broken folders, labels round trip.
final class PersonalModelStoreTests: XCTestCase {
    var dir = ""
    var store: PersonalModelStore!

    override func setUpWithError() throws {
        dir = try ScrawlProcess.temporaryFolder("scrawl-models")
        store = PersonalModelStore(folder: dir + "/models")
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A small model with digit labels and "not a digit" (the store does not care about its size).
    func smallModel() throws -> Sequential {
        let labels = OutputLabels.digits(rejecting: true)
        return try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 11)], seed: 2,
                              metadata: [OutputLabels.metadataKey: labels.metadataValue])
    }

    func manifest(examples: Int = 0) -> PersonalModelStore.Manifest {
        .init(labels: OutputLabels.digits(rejecting: true).names, base: "built-in", examples: examples, heldBack: 0,
              heldBackAccuracy: nil, trained: Date(timeIntervalSince1970: 1_800_000_000))
    }

    func testSaveListLoadRenameDelete() throws {
        XCTAssertEqual(store.list(), [], "a store that does not exist yet is empty")
        let model = try smallModel()
        try store.save([model], as: "mine", manifest: manifest())
        XCTAssertEqual(store.list(), [.model(name: "mine", manifest: manifest())])
        let loaded = try store.load("mine")[0]
        XCTAssertEqual(try OutputLabels(of: loaded), OutputLabels.digits(rejecting: true), "labels round trip")
        XCTAssertEqual(loaded.storedTensors.map(\.value), model.storedTensors.map(\.value))

        try store.save([model], as: "other", manifest: manifest())
        XCTAssertThrowsError(try store.rename("mine", to: "other")) { XCTAssertEqual($0 as? PersonalModelStore.StoreError, .taken("other")) }
        try store.rename("mine", to: "Anna's 7s")
        XCTAssertEqual(store.list().map(\.name), ["Anna's 7s", "other"])
        XCTAssertThrowsError(try store.load("mine")) { XCTAssertEqual($0 as? PersonalModelStore.StoreError, .notFound("mine")) }
        try store.delete("other")
        XCTAssertEqual(store.list().map(\.name), ["Anna's 7s"])
        XCTAssertThrowsError(try store.delete("other"))
    }

    func testNamesAreChecked() {
        for (name, why) in [("", "needs a name"), ("  ", "needs a name"), ("a/b", "“/”"), (".hidden", "start with"),
                            (" padded", "space"), ("built-in", "shipped model"), (String(repeating: "x", count: 65), "64 bytes")] {
            XCTAssertThrowsError(try PersonalModelStore.validate(name: name), name) { error in
                XCTAssertTrue("\(error)".contains(why), "\(name): \(error)")
            }
        }
        XCTAssertNoThrow(try PersonalModelStore.validate(name: "Ünïcode digits 2"))
    }

    func testBrokenFoldersAreListedWithTheReason() throws {
        let model = try smallModel()
        for name in ["no-model", "bad-manifest", "no-manifest", "newer", "wrong-labels", "good"] {
            try store.save([model], as: name, manifest: manifest())
        }
        try FileManager.default.removeItem(atPath: store.modelPath("no-model"))
        try "{not json".write(toFile: dir + "/models/bad-manifest/manifest.json", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/models/no-manifest/manifest.json")
        let newer = try String(contentsOfFile: dir + "/models/newer/manifest.json", encoding: .utf8)
            .replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7")
        try newer.write(toFile: dir + "/models/newer/manifest.json", atomically: true, encoding: .utf8)
        try "just a file".write(toFile: dir + "/models/stray", atomically: true, encoding: .utf8)
        var ten = manifest()
        ten.labels = OutputLabels.digits(rejecting: false).names
        try store.save([model], as: "wrong-labels", manifest: ten)

        let reasons = Dictionary(uniqueKeysWithValues: store.list().compactMap { entry -> (String, String)? in
            if case let .broken(name, reason) = entry { return (name, reason) } else { return nil }
        })
        XCTAssertEqual(reasons["no-model"], "model.scrawl is missing")
        XCTAssertEqual(reasons["bad-manifest"], "manifest.json is damaged")
        XCTAssertEqual(reasons["no-manifest"], "manifest.json is missing or unreadable")
        XCTAssertEqual(reasons["newer"], "it was made by a newer Scrawl (version 7)")
        XCTAssertEqual(reasons["stray"], "it is a file, not a model folder")
        XCTAssertNil(reasons["good"])
        XCTAssertThrowsError(try store.load("wrong-labels")) { XCTAssertTrue("\($0)".contains("labels do not match"), "\($0)") }
        try FileManager.default.removeItem(atPath: store.modelPath("good"))
        try Data("SCRAWLNN".utf8).write(to: URL(fileURLWithPath: store.modelPath("good")))
        XCTAssertThrowsError(try store.load("good")) { XCTAssertTrue("\($0)".contains("truncated"), "\($0)") }
    }

    func testExamplesAreKeptAndAHalfWrittenOneIsIgnored() throws {
        try store.save([try smallModel()], as: "mine", manifest: manifest())
        let png = try PNGCodec.encode(Rasterizer.renderForDisplay(Drawing(strokes: [Stroke(points: [Point(280, 100), Point(280, 460)], width: 22)])))
        let first = try store.addExample(to: "mine", label: "1", png: png, strokes: [[Point(280, 100), Point(280, 460)]])
        try store.addExample(to: "mine", label: "7", png: png, strokes: nil)
        // A kill between the picture and its description leaves only a picture: not an example.
        try png.write(to: URL(fileURLWithPath: dir + "/models/mine/examples/orphan.png"))
        let examples = store.examples(of: "mine")
        XCTAssertEqual(examples.map(\.label).sorted(), ["1", "7"])
        XCTAssertEqual(examples.first { $0.id == first.id }?.strokes, [[Point(280, 100), Point(280, 460)]])
    }
}
