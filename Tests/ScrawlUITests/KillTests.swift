import Foundation
import ScrawlCLI
import XCTest
import ScrawlRecognition
import ScrawlEngine
import ScrawlTestSupport

/// The window killed with SIGKILL at random moments while it records a drawing in its history and
/// while it saves a drawing as PNG, round after round: every time the app starts cleanly, every
/// entry and drawing stored before is intact, and every PNG in Pictures is whole. And the window
/// sharing its history with command-line processes writing at the same time.
final class KillTests: DesktopTestCase {
    func testKilledWhileRecordingAndSavingLosesNothing() throws {
        let check = try handwritingCheck()
        var rng = SeededGenerator(seed: TestSeed.make())
        var known: [String: HistoryEntry] = [:]
        var savedBefore: Set<String> = []
        let rounds = 8
        var saveDelay: TimeInterval?
        var interrupted = 0
        for round in 0 ..< rounds {
            let app = try session.launch()
            let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
            try draw(check.samples[(round * 37) % check.samples.count], window: window)
            if round % 2 == 0 {
                // Killed while live recognition records the drawing (history line, drawing, thumbnail).
                usleep(UInt32.random(in: 0 ... 250_000, using: &rng))
            } else {
                // Killed while saving: the chooser is accepted, then the process dies within moments.
                try session.key("ctrl+s")
                try session.waitUntil("the save dialog opens", timeout: 10) { self.session.windowID(named: "Save Drawing") != nil }
                usleep(400_000)
                let accepted = Date()
                try session.xdotool(["key", "--clearmodifiers", "Return"])
                // The file is written as the chooser closes. The first save measures when that is
                // (and is killed just after); later ones are killed at random around that moment.
                if let closing = saveDelay {
                    let ms = UInt32(max(0, closing * 1000 - 80)) + UInt32.random(in: 0 ... 100, using: &rng)
                    usleep(ms * 1000)
                } else {
                    try session.waitUntil("the save dialog closes", timeout: 10) { self.session.windowID(named: "Save Drawing") == nil }
                    saveDelay = Date().timeIntervalSince(accepted)
                    usleep(UInt32.random(in: 0 ... 30_000, using: &rng))
                }
            }
            kill(app.pid, SIGKILL)
            app.wait()

            // What was stored before this round is untouched; what is stored now is readable.
            let s = try store()
            let now = Dictionary(s.entries.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            for (id, entry) in known {
                XCTAssertEqual(now[id]?.id, entry.id, "round \(round): entry \(id) vanished")
                XCTAssertEqual(now[id]?.digit, entry.digit, "round \(round): entry \(id) changed")
            }
            for e in s.entries where FileManager.default.fileExists(atPath: s.drawingPath(e)) {
                XCTAssertNoThrow(try PNGCodec.load(path: s.drawingPath(e)), "round \(round): a recorded drawing is incomplete")
            }
            XCTAssertLessThanOrEqual(s.damagedLines.count, round + 1, "at most one torn line per kill")
            let pictures = try FileManager.default.contentsOfDirectory(atPath: session.pictures).filter { !$0.hasPrefix(".") }
            for name in pictures {
                XCTAssertNoThrow(try PNGCodec.load(path: session.pictures + "/" + name), "round \(round): \(name) is not a whole PNG")
            }
            XCTAssertTrue(savedBefore.isSubset(of: Set(pictures)), "round \(round): a saved drawing vanished")
            if round % 2 == 1 { interrupted += Set(pictures).subtracting(savedBefore).isEmpty ? 1 : 0 }
            savedBefore = Set(pictures)
            known = now
        }
        // It starts cleanly after all that, and keeps recording.
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let before = try store().entries.count
        try draw(try XCTUnwrap(check.samples.first { $0.digit == 7 }), window: window)
        try session.waitUntil("a new drawing is recorded", timeout: 15) { try self.store().entries.count == before + 1 }
        XCTAssertEqual(try store().entries.last?.digit, 7)
        XCTAssertEqual(try quit(app), 0)
        print("kill test: \(rounds) kills (\(interrupted) of \(rounds / 2) saves cut short), \(before) entries and \(savedBefore.count) saved PNGs intact, \(try store().damagedLines.count) torn lines set aside")
    }

    func testWindowAndCommandLineRecordIntoOneHistoryAtOnce() throws {
        let check = try handwritingCheck()
        var pngs: [String] = []
        // The recorders' digits are never a 1; the window draws plain strokes, read as 1, so each
        // side's entries can be counted.
        for (i, sample) in check.samples.filter({ [0, 2, 3, 6, 8].contains($0.digit) }).prefix(12).enumerated() {
            let path = session.home + "/d\(i).png"
            try PNGCodec.save(Rasterizer.renderForDisplay(HandwritingCheck.drawing(of: sample, size: 300, width: 24, x: 120, y: 120)), to: path)
            pngs.append(path)
        }
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let o = try session.origin(of: window)
        // Three command-line recorders start while the window records drawing after drawing.
        let files = Array(repeating: pngs, count: 4).flatMap { $0 }   // long enough to overlap the drawing
        let started = Date()
        let recorders = try (0 ..< 3).map { _ in
            try Subprocess(try ScrawlProcess.binary(), ["recognize", "--record"] + files, environment: session.environment)
        }
        let drawings = 8
        for i in 0 ..< drawings {
            let x = o.x + 250, y = o.y + 200
            try session.quickDrag([(x, y)] + (1 ... 6).map { (x + (i % 3) * 4, y + $0 * 45) })
            try session.waitUntil("the window records drawing \(i + 1)", timeout: 15) {
                try self.store().entries.filter { $0.digit == 1 }.count == i + 1
            }
            try session.xdotool(["key", "Delete"])
        }
        let drawn = Date().timeIntervalSince(started)
        XCTAssertTrue(recorders.contains { $0.isRunning }, "the recorders were still writing when the drawing ended (\(drawn) s)")
        for r in recorders { XCTAssertEqual(r.wait(), 0, "a recorder failed") }
        let s = try store()
        XCTAssertEqual(s.damagedLines, [], "no line was torn by the concurrent writers")
        XCTAssertEqual(s.entries.count, 3 * files.count + drawings, "every process's every entry")
        XCTAssertEqual(Set(s.entries.map(\.id)).count, s.entries.count)
        for e in s.entries { XCTAssertNoThrow(try PNGCodec.load(path: s.drawingPath(e))) }
        XCTAssertEqual(try quit(app), 0)
    }
}
