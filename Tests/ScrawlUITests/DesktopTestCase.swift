import Foundation
import XCTest
import ScrawlCLI
import ScrawlRecognition
import ScrawlTestSupport

/// What every test of the real window shares: a fresh ``DesktopSession`` per test, the history it
/// writes, where screenshots go, and the hand-drawn check's samples placed on the canvas.
class DesktopTestCase: XCTestCase {
    var session: DesktopSession!

    override func setUpWithError() throws {
        session = try DesktopSession()
    }

    override func tearDown() {
        session?.stop()
    }

    var shots: String {
        let dir = ScrawlProcess.projectRoot.appendingPathComponent(".build/ui-screenshots").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The history the window writes, read afresh.
    func store() throws -> HistoryStore { try HistoryStore(folder: session.dataFolder + "/scrawl") }

    func history() throws -> [HistoryEntry] { try store().entries }

    func handwritingCheck() throws -> HandwritingCheck {
        try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
    }

    /// Screen points of a hand-drawn-check sample, drawn 360 px tall on the canvas of `window`.
    func strokes(of sample: HandwritingCheck.Sample, window: String) throws -> [[(Int, Int)]] {
        let o = try session.origin(of: window)
        // The canvas's paper starts about (24, 70) into the window; place the digit's 100-unit box at (120, 110) on it.
        return sample.strokes.map { stroke in
            stroke.map { (o.x + 24 + 120 + Int($0[0] * 3.6), o.y + 70 + 110 + Int($0[1] * 3.6)) }
        }
    }

    /// Opens the history window (Ctrl+H), screenshots it to `name` in the screenshots folder and
    /// closes it again.
    func screenshotHistory(_ name: String) throws {
        try session.key("ctrl+h")
        try session.waitUntil("the history window opens", timeout: 10) { self.session.windowID(named: "^History$") != nil }
        usleep(800_000)
        try session.screenshot(to: shots + "/" + name)
        try session.key("ctrl+w")
    }

    /// Quits the app with Ctrl+Q, waits for it to exit and gives its exit status.
    func quit(_ app: Subprocess) throws -> Int32 {
        try session.key("ctrl+q")
        try session.waitUntil("the app exits", timeout: 10) { !app.isRunning }
        return app.wait()
    }

    /// Draws a sample with mouse drags, stroke by stroke.
    func draw(_ sample: HandwritingCheck.Sample, window: String) throws {
        for stroke in try strokes(of: sample, window: window) { try session.drag(stroke) }
    }

    /// Writes `digits` left to right with mouse drags, each the check's first plain sample of it
    /// scaled by `scale`: the k-th digit's 100-unit box at (`left + k * pitch`, `top`) in `window`.
    func write(_ digits: [Int], window: String, left: Int, top: Int, pitch: Int, scale: Double) throws {
        let o = try session.origin(of: window)
        let check = try handwritingCheck()
        for (k, d) in digits.enumerated() {
            let sample = try XCTUnwrap(check.samples.first { $0.digit == d && $0.style == 0 })
            for stroke in sample.strokes {
                try session.drag(stroke.map { (o.x + left + k * pitch + Int($0[0] * scale), o.y + top + Int($0[1] * scale)) })
            }
        }
    }
}
