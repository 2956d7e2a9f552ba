import Foundation
import ScrawlCLI
import XCTest
@testable import ScrawlRecognition
import ScrawlTestSupport

/// A real full disk: a 256 KiB tmpfs (skipped where mounting is not permitted). Writes fail with a
/// clear message, and nothing already stored is damaged.
final class FullDiskTests: XCTestCase {
    var mountPoint = ""

    override func setUpWithError() throws {
        mountPoint = try ScrawlProcess.temporaryFolder("scrawl-full")
        let r = try Subprocess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint])
        guard r.status == 0 else {
            try? FileManager.default.removeItem(atPath: mountPoint)
            throw XCTSkip("cannot mount a small tmpfs here (needs root): skipping the full-disk test")
        }
    }

    override func tearDown() {
        _ = try? Subprocess.run("/bin/umount", [mountPoint])
        try? FileManager.default.removeItem(atPath: mountPoint)
    }

    func testHistoryAndSavesFailCleanlyWhenTheDiskIsFull() throws {
        let store = try HistoryStore(folder: mountPoint + "/scrawl")
        let drawing = try PNGCodec.encode(Rasterizer.renderForDisplay(TestImages.seven()))
        var recorded: [String] = []
        var failure: Error?
        for _ in 0 ..< 200 {
            // Incompressible drawings fill the disk quickly.
            var png = drawing
            png.append(Data((0 ..< 20_000).map { _ in UInt8.random(in: 0 ... 255) }))
            let e = HistoryEntry(digit: 7, confidence: 0.9, probabilities: [Float](repeating: 0.1, count: 10), model: "m")
            do {
                try store.record(e, drawingPNG: png)
                recorded.append(e.id)
            } catch {
                failure = error
                break
            }
        }
        let error = try XCTUnwrap(failure, "the disk never filled up")
        XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        XCTAssertGreaterThan(recorded.count, 0)
        let reopened = try HistoryStore(folder: mountPoint + "/scrawl")
        XCTAssertEqual(reopened.entries.map(\.id), recorded, "every entry recorded before the disk filled is intact")
        XCTAssertEqual(reopened.damagedLines, [])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/scrawl/drawings").filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "a failed write leaves no temporary file")

        // Saving a drawing over an existing file on a full disk keeps the old file whole.
        let target = mountPoint + "/scrawl/drawings/" + recorded[0] + ".png"
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        XCTAssertThrowsError(try PNGCodec.save(RGBAImage(width: 400, height: 400, rgba: (0 ..< 640_000).map { _ in UInt8.random(in: 0 ... 255) }), to: target)) {
            XCTAssertTrue("\($0)".contains("No space left on device"), "\($0)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), before)
    }

    func testReadOnlyDataFolderKeepsTheHistoryReadable() throws {
        let store = try HistoryStore(folder: mountPoint + "/scrawl")
        let kept = HistoryEntry(digit: 4, confidence: 0.8, probabilities: [Float](repeating: 0.1, count: 10), model: "m")
        try store.record(kept, drawingPNG: try PNGCodec.encode(Rasterizer.renderForDisplay(TestImages.seven())))
        XCTAssertEqual(try Subprocess.run("/bin/mount", ["-o", "remount,ro", mountPoint]).status, 0)
        let readOnly = try HistoryStore(folder: mountPoint + "/scrawl")
        XCTAssertEqual(readOnly.entries.map(\.id), [kept.id], "a read-only history is still shown")
        let e = HistoryEntry(digit: 1, confidence: 0.8, probabilities: [Float](repeating: 0.1, count: 10), model: "m")
        XCTAssertThrowsError(try readOnly.record(e, drawingPNG: nil)) { XCTAssertTrue("\($0)".contains("Read-only file system"), "\($0)") }
        XCTAssertThrowsError(try readOnly.delete(ids: [kept.id]))
        XCTAssertEqual(try HistoryStore(folder: mountPoint + "/scrawl").entries.map(\.id), [kept.id])
    }
}
