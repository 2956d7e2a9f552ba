import Foundation
import XCTest
import ScrawlEngine
@testable import ScrawlRecognition
@testable import ScrawlUI
import ScrawlTestSupport

/// A 4 in two strokes, as a person draws it on the canvas: the pictures the tests open and paste.
let fourDrawing = Drawing(strokes: [
    Stroke(points: [Point(330, 80), Point(150, 330), Point(420, 330)], width: 24),
    Stroke(points: [Point(330, 80), Point(330, 480)], width: 24),
])

/// The window's model, headless: which actions are enabled, what recognition records.
final class AppStateTests: XCTestCase {
    var dir = ""
    var recognizer: Recognizer!

    override func setUpWithError() throws {
        dir = try ScrawlProcess.temporaryFolder("scrawl-state")
        recognizer = try Recognizer(modelPath: ScrawlProcess.projectRoot.appendingPathComponent("Resources/scrawl-model.scrawl").path)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func makeState(live: Bool = true) throws -> AppState {
        let state = AppState(recognizer: recognizer, history: try HistoryStore(folder: dir))
        state.live = live
        return state
    }

    let one = Stroke(points: [Point(280, 100), Point(280, 300), Point(280, 460)], width: 22)

    func testActionsFollowTheDrawing() throws {
        let state = try makeState()
        XCTAssertEqual(state.availability, AppState.Availability(), "an empty canvas offers nothing but drawing")
        state.addStroke(one)
        state.waitForWork()
        var a = state.availability
        XCTAssertTrue(a.undo && a.clear && a.save && a.recognize && a.feedback)
        XCTAssertFalse(a.redo)
        state.undo()
        a = state.availability
        XCTAssertTrue(a.redo)
        XCTAssertFalse(a.undo || a.save || a.recognize || a.feedback)
        state.redo()
        state.clear()
        XCTAssertTrue(state.availability.undo, "clear is undoable")
        XCTAssertFalse(state.availability.clear)
    }

    func testLiveRecognitionRecordsOneEntryPerDrawing() throws {
        let state = try makeState()
        state.addStroke(one)
        state.waitForWork()
        XCTAssertEqual(state.recognition?.digit, 1)
        state.addStroke(Stroke(points: [Point(270, 470)], width: 22))
        state.waitForWork()
        state.undo(); state.waitForWork()
        state.redo(); state.waitForWork()
        XCTAssertEqual(state.history?.entries.count, 1, "refinements and undo/redo of one drawing share an entry")
        state.clear()
        state.addStroke(one)
        state.waitForWork()
        XCTAssertEqual(state.history?.entries.count, 2, "a new drawing after clear is a new entry")
    }

    func testWithoutLiveRecognitionNothingHappensUntilAsked() throws {
        let state = try makeState(live: false)
        state.addStroke(one)
        state.waitForWork()
        XCTAssertNil(state.recognition)
        XCTAssertEqual(state.history?.entries.count, 0)
        state.recognize()
        state.waitForWork()
        XCTAssertEqual(state.recognition?.digit, 1)
    }

    func testFeedbackIsStoredAndClearedWhenTheAnswerChanges() throws {
        let state = try makeState()
        state.addStroke(one)
        state.waitForWork()
        state.giveFeedback(rightDigit: 7)
        state.waitForWork()
        XCTAssertEqual(try HistoryStore(folder: dir).entries.first?.correction, 7)
        XCTAssertEqual(state.entry?.correction, 7)
        // A bar across the top makes the same drawing a 7: the verdict was on the 1 and goes.
        state.addStroke(Stroke(points: [Point(130, 100), Point(200, 100), Point(280, 100)], width: 22))
        state.waitForWork()
        XCTAssertNotEqual(state.recognition?.answer, 1, "the answer changed")
        XCTAssertNil(state.entry?.correction)
        XCTAssertEqual(try HistoryStore(folder: dir).entries.count, 1, "still one drawing")
        XCTAssertNil(try HistoryStore(folder: dir).entries.first?.correction, "the stored verdict is cleared too")
    }

    func testANonDigitIsAnsweredAndRecordedAsSuchAndCanBeConfirmed() throws {
        let state = try makeState()
        // An H: two posts and a bar.
        for points in [[Point(150, 100), Point(150, 460)], [Point(410, 100), Point(410, 460)], [Point(150, 280), Point(410, 280)]] {
            state.addStroke(Stroke(points: points, width: 22))
        }
        state.waitForWork()
        let r = try XCTUnwrap(state.recognition)
        XCTAssertFalse(r.isDigit, "an H is not a digit (read as \(r.digit), not a digit \(r.notADigitProbability))")
        let entry = try XCTUnwrap(try HistoryStore(folder: dir).entries.last)
        XCTAssertFalse(entry.isDigit)
        XCTAssertEqual(entry.notDigit ?? 0, r.notADigitProbability, accuracy: 1e-6)
        XCTAssertTrue(state.availability.feedback)
        state.giveFeedback(rightDigit: HistoryEntry.notADigit)
        state.waitForWork()
        XCTAssertEqual(try HistoryStore(folder: dir).entries.last?.correction, HistoryEntry.notADigit)
        state.giveFeedback(rightDigit: 12)
        state.waitForWork()
        XCTAssertEqual(state.entry?.correction, HistoryEntry.notADigit, "a label that is neither a digit nor 'not a digit' is ignored")
    }

    func testAHistoryFailureIsShownAndTheDrawingKept() throws {
        let state = try makeState()
        try FileManager.default.removeItem(atPath: dir + "/drawings")
        try "not a folder".write(toFile: dir + "/drawings", atomically: true, encoding: .utf8)
        state.addStroke(one)
        state.waitForWork()
        XCTAssertEqual(state.recognition?.digit, 1, "recognition still answers")
        XCTAssertTrue(state.message?.isError == true && state.message!.text.contains("not saved to the history"), "\(String(describing: state.message))")
        XCTAssertEqual(state.document.drawing.strokes.count, 1)
    }
}

/// Numbers: read, recorded, a digit selected and corrected, undone.
extension AppStateTests {
    func testANumberIsReadRecordedAndCorrectedDigitByDigit() throws {
        let state = try makeState()
        let check = try HandwritingCheck(path: ScrawlProcess.projectRoot.appendingPathComponent("Resources/handwritten-digits.json").path)
        for (k, d) in [2, 0, 6].enumerated() {
            let sample = try XCTUnwrap(check.samples.first { $0.digit == d })
            for stroke in HandwritingCheck.drawing(of: sample, size: 150, width: 14, x: 20 + Double(k) * 180, y: 200).strokes {
                state.addStroke(stroke)
            }
            state.waitForWork()
        }
        XCTAssertEqual(state.number?.text, "206")
        XCTAssertEqual(state.recognition?.digit, 2, "the first digit is selected")
        XCTAssertEqual(state.history?.entries.count, 1, "the digits as they came refined one entry")
        XCTAssertEqual(state.history?.entries.first?.number, "206")
        XCTAssertEqual(state.history?.entries.first?.digitConfidences?.count, 3)

        state.selectSymbol(1)
        XCTAssertEqual(state.recognition?.digit, 0, "the chart shows the selected digit")
        state.giveFeedback(rightDigit: 8)
        state.waitForWork()
        XCTAssertEqual(state.entry?.numberCorrection, "286")
        XCTAssertEqual(try HistoryStore(folder: dir).entries.first?.numberCorrection, "286")

        // Or the whole number, typed: kept when it is a number, refused (and said so) when not.
        state.giveFeedback(numberText: " 2.06 ")
        state.waitForWork()
        XCTAssertEqual(try HistoryStore(folder: dir).entries.first?.numberCorrection, "2.06")
        state.giveFeedback(numberText: "2o6")
        state.waitForWork()
        XCTAssertEqual(state.entry?.numberCorrection, "2.06", "letters are refused")
        XCTAssertTrue(state.message?.text.contains("not a number") == true, String(describing: state.message))
        XCTAssertEqual(try HistoryStore(folder: dir).entries.first?.numberCorrection, "2.06")

        state.undo()   // the 6 goes
        state.waitForWork()
        XCTAssertEqual(state.number?.text, "20")
        XCTAssertEqual(state.selectedSymbol, 0)
        XCTAssertNil(state.entry?.numberCorrection, "a verdict on another number no longer applies")
        XCTAssertEqual(try HistoryStore(folder: dir).entries.map(\.number), ["20"])
    }
}

/// The file work that goes through the state: opening and saving pictures, the history window's commands.
extension AppStateTests {
    /// Two drawings, each recorded: a 1, then (after clearing) a 7.
    func drawAOneAndASeven(_ state: AppState) {
        state.addStroke(one)
        state.waitForWork()
        state.clear()
        state.addStroke(Stroke(points: [Point(130, 100), Point(400, 100), Point(250, 460)], width: 22))
        state.waitForWork()
    }

    func testOpeningAPictureLoadsItAndBadFilesSayWhy() throws {
        let state = try makeState()
        let four = dir + "/four.png"
        try PNGCodec.save(Rasterizer.renderForDisplay(fourDrawing), to: four)
        state.open(path: four)
        XCTAssertNil(state.recognition, "nothing happens on the owner thread until the result comes back")
        state.waitForWork()
        XCTAssertEqual(state.recognition?.digit, 4)
        XCTAssertTrue(state.document.canUndo, "opening is undoable")
        XCTAssertNil(state.message)

        let blank = dir + "/blank.png"
        try PNGCodec.save(Rasterizer.renderForDisplay(Drawing()), to: blank)
        try "not a picture".write(toFile: dir + "/notes.png", atomically: true, encoding: .utf8)
        for (path, expected) in [(blank, "blank.png has no ink to recognize"), (dir + "/notes.png", "Could not open notes.png"),
                                 (dir + "/missing.png", "Could not open missing.png")] {
            state.open(path: path)
            state.waitForWork()
            let message = try XCTUnwrap(state.message, path)
            XCTAssertTrue(message.isError && message.text.contains(expected), message.text)
            XCTAssertEqual(state.recognition?.digit, 4, "the canvas keeps the four")
        }
    }

    func testPastingAPictureLoadsItAndCopyingGivesTheSavedPicture() throws {
        let state = try makeState()
        // A four as GDK hands a pasted texture out: premultiplied B, G, R, A, rows padded.
        let four = Rasterizer.renderForDisplay(fourDrawing)
        let stride = four.width * 4 + 16
        var bgra = [UInt8](repeating: 0, count: stride * four.height)
        for y in 0 ..< four.height {
            for x in 0 ..< four.width {
                let (i, o) = ((y * four.width + x) * 4, y * stride + x * 4)
                bgra[o] = four.rgba[i + 2]; bgra[o + 1] = four.rgba[i + 1]; bgra[o + 2] = four.rgba[i]; bgra[o + 3] = 255
            }
        }
        state.paste(premultipliedBGRA: bgra, width: four.width, height: four.height, stride: stride)
        XCTAssertNil(state.recognition, "nothing happens on the owner thread until the result comes back")
        state.waitForWork()
        XCTAssertEqual(state.recognition?.digit, 4)
        XCTAssertTrue(state.document.canUndo, "pasting is undoable")
        XCTAssertNil(state.message)

        // A blank picture leaves the four where it is and says why.
        state.paste(premultipliedBGRA: [UInt8](repeating: 255, count: 64 * 64 * 4), width: 64, height: 64, stride: 256)
        state.waitForWork()
        XCTAssertEqual(state.message, AppState.Message(text: "The picture on the clipboard has no ink to recognize: it is blank.", isError: true))
        XCTAssertEqual(state.recognition?.digit, 4, "the canvas keeps the four")

        // Copying hands the window the drawing as Save writes it, once.
        state.copyDrawing()
        XCTAssertNil(state.takeCopiedPicture(), "the picture is made off the owner thread")
        state.waitForWork()
        XCTAssertEqual(state.message, AppState.Message(text: "Copied the drawing.", isError: false))
        let png = try XCTUnwrap(state.takeCopiedPicture())
        XCTAssertNil(state.takeCopiedPicture(), "taken once")
        XCTAssertEqual(try PNGCodec.decode(png), Rasterizer.renderForDisplay(state.document.drawing))
        state.clear()
        state.copyDrawing()
        state.waitForWork()
        XCTAssertNil(state.takeCopiedPicture(), "an empty canvas copies nothing")
    }

    func testANoticeIsTakenDownOnlyByItsOwnTimer() throws {
        let state = try makeState()
        state.show("Saved one.png", isError: false)
        let first = state.messageSerial
        state.show("Saved two.png", isError: false)
        state.dismissMessage(serial: first)
        XCTAssertEqual(state.message?.text, "Saved two.png", "the first notice's timer leaves the second up")
        state.dismissMessage(serial: state.messageSerial)
        XCTAssertNil(state.message)
    }

    func testSavingWritesThePictureOrSaysWhyNot() throws {
        let state = try makeState()
        state.addStroke(one)
        state.save(to: dir + "/mine")
        state.waitForWork()
        XCTAssertEqual(state.message, AppState.Message(text: "Saved mine.png", isError: false))
        let saved = try PNGCodec.load(path: dir + "/mine.png")
        XCTAssertTrue(saved.ink.pixels.contains { $0 > 0.5 }, "the stroke is in the file")
        state.save(to: dir + "/no-such-folder/mine.png")
        state.waitForWork()
        let message = try XCTUnwrap(state.message)
        XCTAssertTrue(message.isError && message.text.hasPrefix("The drawing was not saved."), message.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/no-such-folder"))
    }

    func testHistoryDeleteClearAndExportRunOffTheOwnerThreadAndReport() throws {
        let state = try makeState()
        drawAOneAndASeven(state)
        let store = try XCTUnwrap(state.history)
        XCTAssertEqual(store.entries.count, 2)
        var revision = state.historyRevision
        state.exportHistory(to: dir + "/history.csv")
        state.waitForWork()
        XCTAssertEqual(state.historyStatus, AppState.Message(text: "Exported 2 entries to history.csv.", isError: false))
        XCTAssertEqual(try String(contentsOfFile: dir + "/history.csv", encoding: .utf8).split(separator: "\n").count, 3)
        state.exportHistory(to: dir + "/no-such-folder/history.csv")
        state.waitForWork()
        XCTAssertTrue(state.historyStatus?.isError == true && state.historyStatus!.text.hasPrefix("The history was not exported"),
                      "\(String(describing: state.historyStatus))")

        state.deleteHistoryEntries(ids: [store.entries[0].id])
        state.waitForWork()
        XCTAssertEqual(try HistoryStore(folder: dir).entries.count, 1, "deleted on disk")
        XCTAssertGreaterThan(state.historyRevision, revision, "the history window is told")
        XCTAssertNil(state.historyStatus)
        revision = state.historyRevision
        // A history that cannot be rewritten: the deletion fails and says so; nothing is lost.
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: dir)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir) }
        if getuid() != 0 {
            state.clearHistory()
            state.waitForWork()
            XCTAssertTrue(state.historyStatus?.text.hasPrefix("Could not clear the history") == true, "\(String(describing: state.historyStatus))")
            XCTAssertEqual(try HistoryStore(folder: dir).entries.count, 1)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir)
        state.clearHistory()
        state.waitForWork()
        XCTAssertEqual(try HistoryStore(folder: dir).entries.count, 0)
        XCTAssertGreaterThan(state.historyRevision, revision)
    }

    func testACorrectedEntryIsTheRowThatIsBoundAgain() throws {
        // The history window rebinds exactly the rows whose entry changed (a correction given in
        // the main window), so an open list never shows a stale verdict.
        let state = try makeState()
        drawAOneAndASeven(state)
        let store = try XCTUnwrap(state.history)
        let ids = store.entries.reversed().map(\.id)
        let before = Dictionary(uniqueKeysWithValues: store.entries.map { ($0.id, $0) })
        state.giveFeedback(rightDigit: 3)
        state.waitForWork()
        let after = Dictionary(uniqueKeysWithValues: store.entries.map { ($0.id, $0) })
        XCTAssertEqual(HistoryRows.changedPositions(ids: ids, old: before, new: after), [0], "the newest row, the 7 marked as a 3")
        XCTAssertEqual(HistoryRows.changedPositions(ids: ids, old: after, new: after), [])
    }
}

extension AppStateTests {
    func testTheWindowsModelOptionTakesAPersonalModelsName() throws {
        let saved = ["XDG_DATA_HOME", "XDG_CONFIG_HOME"].map { ($0, ProcessInfo.processInfo.environment[$0]) }
        setenv("XDG_DATA_HOME", dir + "/data", 1)
        setenv("XDG_CONFIG_HOME", dir + "/config", 1)
        defer { for (key, value) in saved { if let value { setenv(key, value, 1) } else { unsetenv(key) } } }
        let store = PersonalModelStore(folder: PersonalModelStore.defaultFolder())
        try store.save(recognizer.networks, as: "Anna", manifest: .init(labels: recognizer.labels.names, base: "built-in", examples: 0,
                                                                   heldBack: 0, heldBackAccuracy: nil, trained: Date()))
        let state = ScrawlApp.makeState(modelPath: "Anna")
        XCTAssertEqual(state.modelName, "Anna")
        XCTAssertEqual(state.recognizer?.displayName, "Anna")
        XCTAssertNil(state.message)
        let unknown = ScrawlApp.makeState(modelPath: "Nobody")
        XCTAssertNil(unknown.modelName)
        XCTAssertTrue(unknown.message?.text.contains("Nobody") == true, "\(String(describing: unknown.message))")
    }

    func testABrokenModelFallsBackToTheBuiltInOneAndSaysSo() throws {
        let bad = dir + "/bad.scrawl"
        try Data("SCRAWLNN".utf8).write(to: URL(fileURLWithPath: bad))
        let before = ProcessInfo.processInfo.environment["XDG_DATA_HOME"]
        setenv("XDG_DATA_HOME", dir + "/data", 1)
        defer { if let before { setenv("XDG_DATA_HOME", before, 1) } else { unsetenv("XDG_DATA_HOME") } }
        let state = ScrawlApp.makeState(modelPath: bad)
        XCTAssertNotNil(state.recognizer, "the built-in model took over")
        let text = try XCTUnwrap(state.message?.text)
        XCTAssertTrue(text.contains("bad.scrawl") && text.contains("truncated") && text.contains("built-in model"), text)
    }
}

/// Choosing among models and improving one, headless (teaching itself is tested through `scrawl
/// teach` and in the window, in the release build).
extension AppStateTests {
    func makeModelState() throws -> (AppState, PersonalModelStore, String) {
        let store = PersonalModelStore(folder: dir + "/models")
        let settings = dir + "/config/settings.json"
        let state = AppState(recognizer: recognizer, history: try HistoryStore(folder: dir), models: store, settingsPath: settings)
        return (state, store, settings)
    }

    func testChoosingAModelReadsTheCanvasAgainAndIsRemembered() throws {
        let (state, store, settings) = try makeModelState()
        try store.save(recognizer.networks, as: "Anna", manifest: .init(labels: recognizer.labels.names, base: "built-in", examples: 0,
                                                                   heldBack: 0, heldBackAccuracy: nil, trained: Date()))
        try FileManager.default.createDirectory(atPath: dir + "/models/broken", withIntermediateDirectories: true)
        state.refreshModels()
        state.addStroke(one)
        state.waitForWork()
        XCTAssertEqual(state.modelEntries.map(\.name), ["Anna", "broken"])
        XCTAssertEqual(history().last?.model, recognizer.displayName)
        XCTAssertEqual(state.modelTitle, "Built-in Model", "the header names the shipped model as its menu does")
        state.selectModel("Anna")
        XCTAssertEqual(state.recognizer?.displayName, recognizer.displayName, "the switch happens off the owner thread")
        state.waitForWork()
        XCTAssertEqual(state.recognizer?.displayName, "Anna")
        XCTAssertEqual(state.modelTitle, "Anna")
        XCTAssertEqual(state.modelName, "Anna")
        XCTAssertEqual(state.recognition?.digit, 1, "the drawing is read again by the new model")
        XCTAssertEqual(history().last?.model, "Anna")
        XCTAssertEqual(Settings.load(path: settings).settings.model, "Anna", "the choice persists")
        // A broken model is refused with the reason; the current one stays.
        state.selectModel("broken")
        state.waitForWork()
        XCTAssertEqual(state.modelName, "Anna")
        XCTAssertTrue(state.message?.text.contains("manifest.json is missing") == true, "\(String(describing: state.message))")
        state.selectModel(nil)
        state.waitForWork()
        XCTAssertNil(state.modelName)
        XCTAssertEqual(state.modelTitle, "Built-in Model")
        XCTAssertNil(Settings.load(path: settings).settings.model)
        // A copy of the shipped file, given by path, is a file: named by its name and accuracy.
        let copy = dir + "/copy.scrawl"
        try FileManager.default.copyItem(atPath: recognizer.source, toPath: copy)
        let fromFile = AppState(recognizer: try Recognizer(modelPath: copy), history: nil)
        XCTAssertTrue(fromFile.modelTitle.hasPrefix("copy.scrawl ("), fromFile.modelTitle)
    }

    func testLiveRecognitionAndPenWidthAreRemembered() throws {
        let (state, _, settings) = try makeModelState()
        state.live = false
        state.penWidth = 30
        state.waitForWork()
        XCTAssertEqual(Settings.load(path: settings).settings, Settings(model: nil, live: false, penWidth: 30))
        let again = AppState(recognizer: recognizer, history: nil, settingsPath: settings, settings: Settings.load(path: settings).settings)
        XCTAssertFalse(again.live)
        XCTAssertEqual(again.penWidth, 30)
        // An older settings file without these keys gives the defaults.
        try #"{"model": null}"#.write(toFile: settings, atomically: true, encoding: .utf8)
        let old = AppState(recognizer: recognizer, history: nil, settingsPath: settings, settings: Settings.load(path: settings).settings)
        XCTAssertTrue(old.live)
        XCTAssertEqual(old.penWidth, 22)
    }

    func testImprovingNeedsTwoCorrectedDrawingsOfADigit() throws {
        let (state, _, _) = try makeModelState()
        state.addStroke(one)
        state.waitForWork()
        state.giveFeedback(rightDigit: 1)
        state.waitForWork()
        state.improveModel()
        XCTAssertNil(state.teaching, "one drawing is not enough")
        XCTAssertTrue(state.message?.text.contains("at least two drawings") == true, "\(String(describing: state.message))")
        XCTAssertEqual(AppState.unusedName("My handwriting", among: ["My handwriting", "My handwriting 2"]), "My handwriting 3")
    }

    /// A model taught labels of its own: its answer is a label, a stick is one drawing (no
    /// number), "Wrong → K" stores that label, Ctrl+7 (a digit it does not read) is ignored, and
    /// "not one of them" is -1 as for digits.
    func testAModelWithLabelsOfItsOwnIsAnsweredAndCorrectedInThem() throws {
        let labels = OutputLabels(names: ["A", "K", "+", nil])
        let model = try Sequential(inputShape: [28, 28, 1], specs: [.flatten, .dense(units: 4)], seed: 3,
                                   metadata: [OutputLabels.metadataKey: labels.metadataValue])
        recognizer = try Recognizer(model: model, source: "symbols.scrawl")
        let state = try makeState()
        state.addStroke(one)
        state.addStroke(one.moved(dx: -150, dy: 0))
        state.waitForWork()
        XCTAssertNil(state.number, "two sticks are one drawing to a model of symbols")
        let r = try XCTUnwrap(state.recognition)
        XCTAssertEqual(r.labels, ["A", "K", "+"])
        XCTAssertEqual(history().last?.labels, ["A", "K", "+"])
        state.giveFeedback(rightLabel: "K")
        state.waitForWork()
        XCTAssertEqual(history().last?.correction, 1)
        XCTAssertEqual(history().last.map { $0.text($0.correction!) }, "K")
        state.giveFeedback(rightDigit: 7)
        state.waitForWork()
        XCTAssertEqual(history().last?.correction, 1, "a label the model does not have changes nothing")
        state.giveFeedback(rightLabel: nil)
        state.waitForWork()
        XCTAssertEqual(history().last?.correction, HistoryEntry.notADigit)
    }

    func history() -> [HistoryEntry] { (try? HistoryStore(folder: dir).entries) ?? [] }
}
