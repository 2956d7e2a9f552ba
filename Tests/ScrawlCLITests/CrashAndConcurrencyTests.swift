import Foundation
import ScrawlCLI
import XCTest
import ScrawlRecognition
import ScrawlEngine
import ScrawlTestSupport

/// Scrawl killed with SIGKILL in the middle of writing its history (drawings and index), many
/// times, and several processes writing one history at once: nothing stored is ever lost.
final class CrashAndConcurrencyTests: XCTestCase {
    var dir = ""
    var pngs: [String] = []

    override func setUpWithError() throws {
        dir = try ScrawlProcess.temporaryFolder("scrawl-crash")
        let check = try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
        for (i, sample) in check.samples.prefix(12).enumerated() {
            let path = dir + "/d\(i).png"
            try PNGCodec.save(Rasterizer.renderForDisplay(HandwritingCheck.drawing(of: sample, size: 300, width: 24, x: 120, y: 120)), to: path)
            pngs.append(path)
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = dir + "/data"
        return env
    }

    func store() throws -> HistoryStore { try HistoryStore(folder: dir + "/data/scrawl") }

    func testKilledWhileRecordingLosesNothingAlreadyStored() throws {
        var rng = SeededGenerator(seed: TestSeed.make())
        var known: [String: HistoryEntry] = [:]
        // How many kills hit a run still in progress, and how many came after it had written.
        var killedRunning = 0, killedAfterAWrite = 0
        for round in 0 ..< 20 {
            let child = try Subprocess(try ScrawlProcess.binary(), ["recognize", "--record"] + pngs, environment: environment)
            usleep(UInt32.random(in: 20_000 ... 300_000, using: &rng))
            if child.isRunning { killedRunning += 1 }
            kill(child.pid, SIGKILL)
            child.wait()
            // The app starts cleanly: the history loads, everything stored before is still there, intact.
            let s = try store()
            let now = Dictionary(s.entries.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            for (id, entry) in known { XCTAssertEqual(now[id], entry, "round \(round): entry \(id) changed or vanished") }
            XCTAssertLessThanOrEqual(s.damagedLines.count, round + 1, "at most one torn line per kill")
            for e in s.entries {
                XCTAssertNoThrow(try PNGCodec.load(path: s.drawingPath(e)), "round \(round): a recorded drawing is incomplete")
            }
            if now.count > known.count && now.count - known.count < pngs.count { killedAfterAWrite += 1 }
            known = now
        }
        // Otherwise the test proves nothing: every kill must not come before the first write or after the last.
        XCTAssertGreaterThanOrEqual(killedRunning, 10, "kills that hit a running process")
        XCTAssertGreaterThanOrEqual(killedAfterAWrite, 3, "kills between two writes of one run")
        // And it keeps working: a full run adds all its entries.
        let before = try store().entries.count
        let finish = try Subprocess.run(try ScrawlProcess.binary(), ["recognize", "--record"] + pngs, environment: environment)
        XCTAssertEqual(finish.status, 0)
        XCTAssertEqual(try store().entries.count, before + pngs.count)
        print("crash test: 20 kills (\(killedRunning) mid-run, \(killedAfterAWrite) between writes), \(before) entries survived, "
              + "\(try store().damagedLines.count) torn lines set aside")
    }

    func testSeveralProcessesShareOneHistory() throws {
        let children = try (0 ..< 4).map { _ in
            try Subprocess(try ScrawlProcess.binary(), ["recognize", "--record"] + pngs, environment: environment)
        }
        for c in children { XCTAssertEqual(c.wait(), 0) }
        let s = try store()
        XCTAssertEqual(s.entries.count, 4 * pngs.count, "every process's every entry")
        XCTAssertEqual(s.damagedLines, [])
        XCTAssertEqual(Set(s.entries.map(\.id)).count, s.entries.count)
    }
}
