import Foundation
import ScrawlCLI
import XCTest
import ScrawlRecognition
import ScrawlTestSupport

/// The real Scrawl window under Xvfb, driven with xdotool: draw with mouse drags, recognize, undo,
/// redo, clear, save, reopen, feedback, history window, single instance. Assertions are on what the
/// app wrote: history entries and saved PNGs. Screenshots go to `.build/ui-screenshots/`.
final class WindowTests: DesktopTestCase {
    func sample(of digit: Int) throws -> HandwritingCheck.Sample {
        try XCTUnwrap(try handwritingCheck().samples.first { $0.digit == digit })
    }

    func testDrawRecognizeUndoRedoClearSaveReopenAndHistory() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))

        // Draw a 7 with the mouse: live recognition records it.
        try draw(try sample(of: 7), window: window)
        try session.waitUntil("the drawing is recorded as a 7", timeout: 15) { try self.history().last?.digit == 7 }
        XCTAssertEqual(try history().count, 1)
        let firstID = try history()[0].id
        // Recognize again with Return: the same entry is refined (its time, stored to the second, moves on).
        let firstTime = try history()[0].time
        usleep(1_100_000)
        try session.key("Return")
        try session.waitUntil("Return recognizes again", timeout: 10) { try self.history().first.map { $0.time > firstTime } ?? false }
        XCTAssertEqual(try history().count, 1, "one entry per drawing, refined by later recognitions")
        try session.screenshot(to: shots + "/main.png")

        // Feedback: mark it correct.
        try session.key("ctrl+Return")
        try session.waitUntil("the correction is stored", timeout: 10) { try self.history().first?.correction == 7 }

        // Undo the stroke → empty: Save does nothing. Redo → the 7 is back.
        try session.key("ctrl+z")
        try session.key("ctrl+s")
        XCTAssertNil(session.windowID(named: "Save Drawing"), "nothing to save on an empty canvas")
        try session.key("ctrl+shift+z")
        // Clear with Delete, then undo the clear.
        try session.key("Delete")
        try session.key("ctrl+z")

        // Save: the chooser offers digit-<timestamp>.png in Pictures; accept it.
        try session.key("ctrl+s")
        try session.waitUntil("the save dialog opens", timeout: 10) { self.session.windowID(named: "Save Drawing") != nil }
        usleep(500_000)
        try session.key("Return")
        var saved: String?
        try session.waitUntil("the PNG is written to Pictures", timeout: 10) {
            saved = try FileManager.default.contentsOfDirectory(atPath: self.session.pictures).first { $0.hasPrefix("digit-") && $0.hasSuffix(".png") }
            return saved != nil
        }
        let name = try XCTUnwrap(saved)
        XCTAssertNotNil(name.range(of: #"^digit-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.png$"#, options: .regularExpression), name)
        let image = try PNGCodec.load(path: session.pictures + "/" + name)
        XCTAssertEqual(image.width, 560)
        XCTAssertEqual(image.height, 560)
        XCTAssertEqual(Array(image.rgba[0 ..< 4]), [255, 255, 255, 255], "white paper")
        XCTAssertTrue(image.rgba.contains(0), "black ink: the undone clear was redone correctly")
        let recognizer = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        XCTAssertEqual(recognizer.recognize(image)?.digit, 7, "the saved drawing is the 7 that was drawn")

        // Clear (right-click), then reopen the saved PNG through the Open dialog: a new drawing, recognized.
        let o = try session.origin(of: window)
        try session.xdotool(["mousemove", String(o.x + 300), String(o.y + 300), "click", "3"])
        usleep(300_000)
        try session.key("ctrl+o")
        try session.waitUntil("the open dialog opens", timeout: 10) { self.session.windowID(named: "Open Drawing") != nil }
        usleep(500_000)
        try session.key("ctrl+l")
        try session.type(session.pictures + "/" + name)
        usleep(800_000)
        try session.key("Return")
        // The chooser may still be completing the typed path; a person would press Return again.
        usleep(1_500_000)
        if session.windowID(named: "Open Drawing") != nil { try session.key("Return") }
        try session.waitUntil("the reopened drawing is recorded", timeout: 15) { try self.history().count >= 2 }
        let afterOpen = try history()
        XCTAssertEqual(afterOpen.count, 2, "one new entry for the opened drawing: \(afterOpen.map { ($0.digit, $0.id.prefix(8)) })")
        let reopened = try history()[1]
        XCTAssertNotEqual(reopened.id, firstID)
        XCTAssertEqual(reopened.digit, 7)

        // Single instance: a second launch presents the first window and exits.
        let second = try Subprocess(try ScrawlProcess.binary(), [], environment: session.environment)
        try session.waitUntil("the second launch hands over and exits", timeout: 15) { !second.isRunning }
        XCTAssertEqual(second.wait(), 0)
        XCTAssertEqual(session.windowCount(named: "^Scrawl$"), 1, "still one main window")

        // History window.
        try session.key("ctrl+h")
        try session.waitUntil("the history window opens", timeout: 10) { self.session.windowID(named: "^History$") != nil }
        usleep(800_000)
        try session.screenshot(to: shots + "/history.png")
        try session.key("ctrl+w")

        // Quit with Ctrl+Q: a clean exit.
        if let main = session.windowID(named: "^Scrawl$") { try session.xdotool(["windowfocus", "--sync", main]) }
        try session.key("ctrl+q")
        try session.waitUntil("the app exits", timeout: 10) { !app.isRunning }
        XCTAssertEqual(app.wait(), 0)
    }

    func testALetterIsAnsweredNotADigitAndRecordedSo() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let o = try session.origin(of: window)
        // An "A" in three strokes: two legs, then the bar.
        let letter: [[(Double, Double)]] = [[(10, 100), (30, 50), (50, 0)], [(50, 0), (70, 50), (90, 100)], [(28, 60), (50, 60), (72, 60)]]
        for stroke in letter {
            try session.drag(stroke.map { (o.x + 24 + 120 + Int($0.0 * 3.2), o.y + 70 + 110 + Int($0.1 * 3.2)) })
        }
        try session.waitUntil("the letter is recorded as not a digit", timeout: 15) {
            try self.history().last.map { !$0.isDigit && $0.notDigit != nil } ?? false
        }
        XCTAssertEqual(try history().count, 1)
        try session.screenshot(to: shots + "/not-a-digit.png")
        // "Correct" on this answer confirms it is not a digit; Ctrl+3 then says it is a 3 after all.
        try session.key("ctrl+Return")
        try session.waitUntil("the confirmation is stored", timeout: 10) { try self.history().first?.correction == HistoryEntry.notADigit }
        try session.key("ctrl+3")
        try session.waitUntil("the correction is stored", timeout: 10) { try self.history().first?.correction == 3 }
        try session.key("ctrl+period")
        try session.waitUntil("Ctrl+. marks it not a digit", timeout: 10) { try self.history().first?.correction == HistoryEntry.notADigit }
        try session.key("ctrl+q")
        try session.waitUntil("the app exits", timeout: 10) { !app.isRunning }
        XCTAssertEqual(app.wait(), 0)
    }
}
