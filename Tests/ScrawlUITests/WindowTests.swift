import Foundation
import ScrawlCLI
import XCTest
import ScrawlEngine
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
        try screenshotHistory("history.png")

        // Quit with Ctrl+Q: a clean exit.
        if let main = session.windowID(named: "^Scrawl$") { try session.xdotool(["windowfocus", "--sync", main]) }
        XCTAssertEqual(try quit(app), 0)
    }

    /// A number written with the mouse: read and recorded as a number, one digit selected from
    /// the keyboard and corrected, the last stroke undone.
    func testANumberIsReadCorrectedDigitByDigitAndUndone() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try write([2, 0, 6], window: window, left: 24 + 40, top: 70 + 200, pitch: 165, scale: 1.3)
        try session.waitUntil("the number is recorded", timeout: 20) { try self.history().last?.number == "206" }
        XCTAssertEqual(try history().count, 1, "one drawing, one entry")
        usleep(300_000)
        try session.screenshot(to: shots + "/number.png")
        // The number's buttons leave the 28x28 input in view at the size the window opened at.
        let edges = try previewFrameEdges(in: shots + "/number.png", window: try session.geometry(of: window))
        XCTAssertTrue(zip(edges, edges.dropFirst()).contains { $1 - $0 == 83 },
                      "the preview's top and bottom edge both in view (edges at rows \(edges); number.png)")
        // The second digit, then "it is an 8".
        try session.key("ctrl+Right")
        try session.key("ctrl+8")
        try session.waitUntil("the corrected number is stored", timeout: 10) { try self.history().last?.numberCorrection == "286" }
        try session.screenshot(to: shots + "/number-corrected.png")
        // Or the whole number typed, through Wrong… → Type the Number… (Ctrl+Shift+Return).
        try session.key("ctrl+shift+Return")
        try session.waitUntil("the number prompt opens", timeout: 10) { self.session.windowID(named: "^The Number Reads$") != nil }
        try session.key("ctrl+a")
        try session.type("2086")
        try session.screenshot(to: shots + "/number-typed.png")
        try session.key("Return")
        try session.waitUntil("the typed number is stored", timeout: 10) { try self.history().last?.numberCorrection == "2086" }
        // Pointing at the third digit's button lights up its strokes (looked at, not asserted).
        let panel = try session.geometry(of: window)
        _ = try session.xdotool(["mousemove", String(panel.x + panel.width - 102), String(panel.y + 207)])
        Thread.sleep(forTimeInterval: 0.5)
        try session.screenshot(to: shots + "/number-hover.png")
        try session.key("ctrl+z")
        try session.waitUntil("undoing the 6 reads 20", timeout: 15) { try self.history().last?.number == "20" }
        XCTAssertNil(try history().last?.numberCorrection, "the correction was about 206")
        try session.screenshot(to: shots + "/number-undone.png")
        XCTAssertEqual(try quit(app), 0)
    }

    /// The rows of a screenshot where the result panel shows a horizontal line of the 28x28
    /// preview's frame: 84 px of neutral grey (black at 30% over white) in the panel's left part.
    /// A preview in full view has two, 83 rows apart; one cut off by the panel's scroller, one.
    private func previewFrameEdges(in path: String, window: (x: Int, y: Int, width: Int, height: Int)) throws -> [Int] {
        let shot = try PNGCodec.load(path: path)
        let left = window.x + window.width - 290, right = min(shot.width, left + 150)
        return (max(0, window.y) ..< min(shot.height, window.y + window.height)).filter { y in
            var run = 0, longest = 0
            for x in max(0, left) ..< right {
                let o = (y * shot.width + x) * 4
                let (r, g, b) = (Int(shot.rgba[o]), Int(shot.rgba[o + 1]), Int(shot.rgba[o + 2]))
                run = max(r, g, b) - min(r, g, b) <= 3 && (160 ... 195).contains(r) ? run + 1 : 0
                longest = max(longest, run)
            }
            return longest >= 80
        }
    }

    /// A long number, eight digits written small across the sheet, leaves the window at the size
    /// it opened at: its symbol buttons wrap within the panel and the answer scrolls, rather than
    /// the window growing under the person's hand.
    func testALongNumberLeavesTheWindowItsSize() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let before = try session.geometry(of: window)
        try write([1, 2, 3, 4, 5, 6, 7, 8], window: window, left: 24 + 24, top: 70 + 230, pitch: 64, scale: 0.6)
        try session.waitUntil("a number of five or more symbols is recorded", timeout: 20) { (try self.history().last?.number?.count ?? 0) >= 5 }
        usleep(500_000)
        try session.screenshot(to: shots + "/long-number.png")
        let after = try session.geometry(of: window), number = try history().last?.number ?? ""
        XCTAssertEqual(after.width, before.width, "the width it opened at, with \(number) shown")
        XCTAssertEqual(after.height, before.height, "the height it opened at")
        XCTAssertEqual(try quit(app), 0)
    }

    /// A wide heart drawn across the canvas in one stroke is no number: not "5??57", whose slices
    /// the number reader would read as digits beside slices that are none.
    func testAWideHeartIsNoNumber() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let o = try session.origin(of: window)
        try session.drag((0 ... 60).map { i in
            let t = Double(i) / 60 * 2 * .pi
            let x = 16 * pow(sin(t), 3), y = 13 * cos(t) - 5 * cos(2 * t) - 2 * cos(3 * t) - cos(4 * t)
            return (o.x + 310 + Int(x * 15), o.y + 450 - Int(y * 4.5))
        })
        try session.waitUntil("the drawing is recorded", timeout: 15) { try self.history().count == 1 }
        usleep(300_000)
        try session.screenshot(to: shots + "/wide-heart.png")
        let entry = try XCTUnwrap(try history().last)
        XCTAssertNil(entry.number, "read as the number \(entry.number ?? "")")
        XCTAssertFalse(entry.isDigit, "read as \(entry.answerText)")
        XCTAssertEqual(try quit(app), 0)
    }

    /// Under `LANGUAGE=de` (with `LANG=de_DE.UTF-8`, whose C locale need not be installed) the
    /// window speaks German: its labels and window titles, and percentages with a decimal comma.
    /// `LANG` alone is enough too (CommandLineTests).
    func testTheWindowSpeaksTheReadersLanguage() throws {
        let app = try session.launch(locale: ["LANG": "de_DE.UTF-8", "LANGUAGE": "de"])
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try draw(try sample(of: 3), window: window)
        try session.waitUntil("the drawing is recorded", timeout: 15) { try self.history().count == 1 }
        try session.screenshot(to: shots + "/german.png")
        try session.key("ctrl+question")
        usleep(1_000_000)
        try session.screenshot(to: shots + "/german-shortcuts.png")
        try session.key("Escape")
        usleep(300_000)
        try session.key("ctrl+h")
        try session.waitUntil("the history window opens, titled „Verlauf“", timeout: 10) { self.session.windowID(named: "^Verlauf$") != nil }
        usleep(500_000)
        try session.screenshot(to: shots + "/german-history.png")
        XCTAssertNil(session.windowID(named: "^History$"))
        XCTAssertEqual(try quit(app), 0)
    }

    /// A wider window gives the canvas a wider sheet: a six-digit number written across it is
    /// read, and recorded on a sheet as wide as it was written on.
    func testAWideWindowGivesANumberRoom() throws {
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        _ = try session.xdotool(["windowsize", "--sync", window, "1260", "660"])
        usleep(700_000)
        // Six digits 150 px apart: the last ones lie well beyond where the square sheet would end.
        try write([3, 1, 4, 1, 5, 6], window: window, left: 24 + 40, top: 70 + 200, pitch: 150, scale: 1.2)
        try session.waitUntil("the number is recorded", timeout: 20) { try self.history().last?.number == "314156" }
        try session.screenshot(to: shots + "/wide-number.png")
        let entry = try XCTUnwrap(try history().last)
        let sheet = try PNGCodec.load(path: try store().drawingPath(entry))
        XCTAssertGreaterThan(sheet.width, 800, "the recorded drawing is as wide as the sheet it was written on")
        XCTAssertEqual(sheet.height, 560)
        XCTAssertEqual(try quit(app), 0)
    }

    /// The window opens at the size it was left at, and maximized if it was.
    func testTheWindowSizeIsRemembered() throws {
        var app = try session.launch()
        var window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let first = try session.geometry(of: window)
        _ = try session.xdotool(["windowsize", "--sync", window, String(first.width + 160), String(first.height + 90)])
        usleep(500_000)
        XCTAssertEqual(try quit(app), 0)
        let path = session.home + "/config/scrawl/settings.json"
        let saved = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertNotNil(saved.windowWidth, "the size is written when the window closes")
        app = try session.launch()
        window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let second = try session.geometry(of: window)
        XCTAssertEqual(second.width, first.width + 160, "the width it was left at")
        XCTAssertEqual(second.height, first.height + 90, "the height it was left at")
        XCTAssertEqual(try quit(app), 0)
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
        XCTAssertEqual(try quit(app), 0)
    }

    /// Ctrl+C puts the drawing on the desktop's clipboard as a picture another app can take;
    /// Ctrl+V puts another app's picture on the canvas and reads it; pasting text changes nothing.
    func testCopyAndPasteCarryPicturesThroughTheClipboard() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xclip") else {
            throw XCTSkip("/usr/bin/xclip is missing: run the UI tests through ./meson-helper.sh test, which installs it")
        }
        /// Runs xclip on the session's display with `arguments` (shell words); its exit status.
        func xclip(_ arguments: String) throws -> Int32 {
            try Subprocess.run("/bin/sh", ["-c", "/usr/bin/xclip -selection clipboard " + arguments], environment: session.environment).status
        }
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try draw(try sample(of: 7), window: window)
        try session.waitUntil("the drawing is recorded as a 7", timeout: 15) { try self.history().last?.digit == 7 }

        try session.key("ctrl+c")
        let copied = session.home + "/copied.png"
        try session.waitUntil("another app can take the drawing as a PNG", timeout: 10) {
            try xclip("-t image/png -o > '\(copied)' 2>/dev/null") == 0 && (try? PNGCodec.load(path: copied)) != nil
        }
        let picture = try PNGCodec.load(path: copied)
        XCTAssertEqual(picture.width, 560, "the whole sheet, as Save writes it")
        let recognizer = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
        XCTAssertEqual(recognizer.recognize(picture)?.digit, 7)

        // Another app copies a picture of a 4: Ctrl+V puts it on the canvas, and it is read.
        let four = session.home + "/four.png"
        try PNGCodec.save(Rasterizer.renderForDisplay(fourDrawing), to: four)
        XCTAssertEqual(try xclip("-t image/png -i '\(four)' >/dev/null 2>&1"), 0)
        try session.key("ctrl+v")
        try session.waitUntil("the pasted 4 is recorded", timeout: 15) { try self.history().contains { $0.digit == 4 } }
        XCTAssertEqual(try history().count, 2)
        try session.screenshot(to: shots + "/pasted.png")

        // Text on the clipboard is no picture: the canvas and the history stay as they are.
        XCTAssertEqual(try Subprocess.run("/bin/sh", ["-c", "printf twelve | /usr/bin/xclip -selection clipboard -i >/dev/null 2>&1"],
                                          environment: session.environment).status, 0)
        try session.key("ctrl+v")
        usleep(1_000_000)
        try session.screenshot(to: shots + "/pasted-text.png")
        XCTAssertEqual(try history().count, 2)
        XCTAssertEqual(try quit(app), 0)
    }

    /// Corrections teach a personal model (Ctrl+I), which becomes the model in use, is remembered
    /// across a restart, can be switched back from in the header's model menu, and whose next
    /// teaching run can be cancelled.
    func testCorrectionsTeachAPersonalModelThatCanBeChosenAndCancelled() throws {
        var app = try session.launch()
        var window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let seven = try sample(of: 7)
        for n in 1 ... 3 {
            try draw(seven, window: window)
            try session.waitUntil("drawing \(n) is recorded", timeout: 15) { try self.history().count == n }
            try session.key("ctrl+Return")
            try session.waitUntil("drawing \(n) is confirmed", timeout: 10) { try self.history().last?.correction == 7 }
            try session.key("Delete")
        }
        let settings = session.home + "/config/scrawl/settings.json"
        let size = try session.geometry(of: window)
        try session.key("ctrl+i")
        usleep(800_000)
        try session.screenshot(to: shots + "/teaching.png")
        // The teaching bar floats over the canvas's foot, so the window keeps its size.
        XCTAssertEqual(try session.geometry(of: window).height, size.height, "the window's height with the teaching bar shown")
        try session.waitUntil("the taught model is in use", timeout: 90) { Settings.load(path: settings).settings.model == "My handwriting" }
        let models = PersonalModelStore(folder: session.dataFolder + "/scrawl/models")
        XCTAssertEqual(try models.manifest("My handwriting").examples, 3)
        try draw(seven, window: window)
        try session.waitUntil("the next drawing is read by the taught model", timeout: 15) {
            try self.history().count == 4 && self.history().last?.model == "My handwriting"
        }
        try session.screenshot(to: shots + "/personal-model.png")
        try session.key("ctrl+Return")
        try session.waitUntil("the drawing is confirmed", timeout: 10) { try self.history().last?.correction == 7 }

        // After a restart the choice holds.
        try session.key("ctrl+q")
        try session.waitUntil("the app exits", timeout: 10) { !app.isRunning }
        app = try session.launch()
        window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try draw(seven, window: window)
        try session.waitUntil("the restarted window reads with the taught model", timeout: 15) {
            try self.history().count == 5 && self.history().last?.model == "My handwriting"
        }
        // Improving again, cancelled: the model stays as it was.
        try session.key("ctrl+Return")
        try session.waitUntil("the drawing is confirmed", timeout: 10) { try self.history().last?.correction == 7 }
        let before = try Data(contentsOf: URL(fileURLWithPath: models.modelPath("My handwriting")))
        try session.key("ctrl+i")
        usleep(600_000)
        try session.screenshot(to: shots + "/teaching-again.png")
        // The teaching bar's Stop, by its mnemonic (Alt+S: no other button of the window has it).
        try session.key("alt+s")
        // A run that was not cancelled would have stored its model and fourth example by now.
        sleep(15)
        XCTAssertEqual(try models.manifest("My handwriting").examples, 3, "the cancelled run stored nothing")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: models.modelPath("My handwriting"))), before, "the model is unchanged")
        // The same, not cancelled: the two drawings this model read and that were confirmed join its examples.
        try session.key("ctrl+i")
        try session.waitUntil("the model is improved", timeout: 90) { (try? models.manifest("My handwriting").examples) == 5 }

        // Back to the built-in model through the header's model menu. Improving the model in use
        // leaves the menu as it is (MainWindow rebuilds it only when what it shows changes), so the
        // click lands on the item the screenshot shows.
        let o = try session.origin(of: window)
        try session.xdotool(["mousemove", String(o.x + 450), String(o.y + 34), "click", "1", "mousemove", String(o.x + 416), String(o.y + 76)])
        usleep(700_000)
        try session.screenshot(to: shots + "/model-menu.png")
        try session.xdotool(["click", "1"])
        try session.waitUntil("the built-in model is chosen", timeout: 10) { Settings.load(path: settings).settings.model == nil }
        XCTAssertEqual(try quit(app), 0)
    }

    /// Teach a New Model (Ctrl+T): a name, three symbols as labels (only them, not the digits),
    /// three drawings of each drawn in the window's own canvas (one redone); the model is taught
    /// and in use, a symbol drawn on the main canvas is read as that symbol, and the history shows
    /// it in the model's labels.
    func testTeachANewModelOfSymbolsByDrawing() throws {
        let app = try session.launch()
        let main = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        try session.xdotool(["windowfocus", "--sync", main])
        try session.key("ctrl+t")
        try session.waitUntil("the teach window opens", timeout: 10) { self.session.windowID(named: "^Teach a New Model$") != nil }
        let teach = try XCTUnwrap(session.windowID(named: "^Teach a New Model$"))
        try session.xdotool(["windowfocus", "--sync", teach])
        try session.key("ctrl+a")
        try session.type("Symbols")
        try session.key("Tab")
        try session.key("ctrl+a")
        try session.type("A K +")
        try session.key("Tab")
        try session.key("ctrl+a")
        try session.type("3")
        try session.key("alt+k")   // only these labels
        try session.screenshot(to: shots + "/teach-setup.png")
        try session.key("Return")
        let o = try session.origin(of: teach)
        // The canvas's paper starts about (24, 142) into the window: a fixture's 560-px canvas is
        // drawn at 0.8 scale in its middle.
        var rng = SeededGenerator(seed: 5)
        func drawSymbol(_ symbol: String, at origin: (x: Int, y: Int)) throws {
            for stroke in SymbolFixtures.drawing(of: symbol, writer: 1, pen: 22, otherWay: 0, rng: &rng).strokes {
                try session.drag(stroke.points.map { (origin.x + 56 + Int($0.x * 0.8), origin.y + 56 + Int($0.y * 0.8)) })
            }
        }
        let paper = (x: o.x + 24, y: o.y + 142)
        for (i, symbol) in ["A", "A", "A", "K", "K", "K", "+", "+", "+"].enumerated() {
            try drawSymbol(symbol, at: paper)
            if i == 0 {
                try session.screenshot(to: shots + "/teach-drawing.png")
                try session.key("Return")
                try session.key("ctrl+BackSpace")   // redo the first A
                try drawSymbol("A", at: paper)
            }
            try session.key("Return")
        }
        let settings = session.home + "/config/scrawl/settings.json"
        try session.waitUntil("the new model is taught and in use", timeout: 90) { Settings.load(path: settings).settings.model == "Symbols" }
        let manifest = try PersonalModelStore(folder: session.dataFolder + "/scrawl/models").manifest("Symbols")
        XCTAssertEqual(manifest.examples, 9)
        XCTAssertEqual(manifest.base, "built-in")
        XCTAssertEqual(manifest.labels, ["A", "K", "+", nil], "its own labels, not the digits")
        try session.screenshot(to: shots + "/taught.png")

        // A K drawn on the main canvas (live recognition) is read and recorded as a K.
        try session.xdotool(["windowfocus", "--sync", main])
        let m = try session.origin(of: main)
        try drawSymbol("K", at: (x: m.x + 24, y: m.y + 70))
        try session.waitUntil("the drawing is recorded", timeout: 15) { try self.history().last?.labels != nil }
        let entry = try XCTUnwrap(try history().last)
        XCTAssertEqual(entry.labels, ["A", "K", "+"])
        XCTAssertEqual(entry.answerText, "K", "the symbol drawn is read as itself")
        XCTAssertEqual(entry.model, "Symbols")
        try session.screenshot(to: shots + "/symbol-recognized.png")
        // "None of them" (Ctrl+.) is kept, and the history shows the entry in the model's labels.
        try session.key("ctrl+period")
        try session.waitUntil("the verdict is recorded", timeout: 10) { try self.history().last?.correction == HistoryEntry.notADigit }
        try screenshotHistory("symbol-history.png")
        if let main = session.windowID(named: "^Scrawl$") { try session.xdotool(["windowfocus", "--sync", main]) }
        XCTAssertEqual(try quit(app), 0)
    }
}
