import Dispatch
import Foundation
import ScrawlEngine
import ScrawlRecognition
import Synchronization

/// Everything the main window shows, in one observable object. Widgets read it and call its
/// methods; they never keep state of their own. GTK-free, so it is tested headless.
///
/// Threading, one rule: the state and every property belong to the thread that made it (the GTK
/// thread). Everything that touches the model or files — recognition, the history, opening and
/// saving pictures, settings, models — goes through ``perform(on:_:then:)``: the job runs on
/// `work`, one serial queue, in order (teaching on `teachingQueue`, so recognition goes on
/// meanwhile); its result comes back to the owner thread through `deliver` (the GLib idle queue in
/// the app; in tests, held until ``waitForWork()`` runs it). Jobs capture only Sendable values,
/// which the compiler checks.
final class AppState {
    /// What the window offers right now; each maps to a GAction's enabled state.
    struct Availability: Equatable {
        var undo = false, redo = false, clear = false, save = false, recognize = false, feedback = false
    }

    /// A line shown above the canvas: an error, or a notice (for example a model fallback).
    struct Message: Equatable {
        var text: String
        var isError: Bool
    }

    private(set) var document = DrawingDocument()
    /// The latest reading of the current drawing (one digit, or a number of several); nil when the
    /// canvas is empty or not yet recognized. A new one selects its first symbol.
    private(set) var reading: NumberReading? {
        didSet { (selectedSymbol, hoveredSymbol) = (0, nil) }
    }
    /// Which symbol of a number the chart, the 28x28 preview and the feedback are about.
    private(set) var selectedSymbol = 0
    /// The symbol of a number whose button the pointer is over: its strokes are highlighted
    /// instead of the selected one's.
    private(set) var hoveredSymbol: Int?
    /// The recognition shown: the single digit's, or the selected symbol's of a number.
    var recognition: Recognition? {
        guard let symbols = reading?.symbols, !symbols.isEmpty else { return nil }
        return symbols[min(selectedSymbol, symbols.count - 1)].recognition
    }
    /// The reading when it is a number of several symbols (or refused as noise); nil for one digit.
    var number: NumberReading? { reading.flatMap { $0.isSingle ? nil : $0 } }
    /// History entries recorded in this session, by drawing id (each drawing has one entry, refined
    /// by later recognitions; undo back to an earlier drawing finds its entry again).
    private var recorded: [String: HistoryEntry] = [:]
    /// The history entry of the current drawing.
    var entry: HistoryEntry? { recorded[document.drawing.id] }
    private(set) var recognizing = false
    var live = true { didSet { settings.live = live; saveSettings(); changed() } }
    /// Pen diameter in canvas pixels.
    var penWidth: Double = 22 { didSet { settings.penWidth = penWidth; saveSettings(); changed() } }
    private(set) var message: Message? { didSet { messageSerial += 1 } }
    /// Counts the messages shown and taken down, so that a notice's timer takes down only the
    /// notice it was set for (``dismissMessage(serial:)``).
    private(set) var messageSerial = 0
    /// A copy of the drawing as PNG on its way to the clipboard (``copyDrawing()``).
    private(set) var copiedPicture: Data?
    /// The model in use; nil when none could be loaded.
    private(set) var recognizer: Recognizer?
    /// Where personal models live (nil: none are offered), and where the choice is remembered.
    let models: PersonalModelStore?
    let settingsPath: String?
    /// What is remembered between runs (``Settings``), written through ``saveSettings()``.
    private var settings: Settings
    /// The selected personal model's name; nil for the built-in model.
    private(set) var modelName: String?
    /// The model in use as the header and messages name it: the model menu's "Built-in Model"
    /// for the shipped one, a personal model's name, or a model file's name and accuracy.
    var modelTitle: String {
        guard let recognizer else { return tr("no model") }
        return recognizer.isBuiltIn ? tr("Built-in Model") : recognizer.localizedName
    }
    /// The personal models as last listed (off the GTK thread).
    private(set) var modelEntries: [PersonalModelStore.Entry] = []
    /// A teaching run in progress, as the window shows it; nil when none runs.
    private(set) var teaching: TeachingProgress?
    /// Set to stop the teaching run in progress after its current batch.
    private let teachingCancelled = SharedValue(false)
    /// Teaching runs here, beside `work`, so recognition goes on meanwhile with the current model.
    private let teachingQueue = DispatchQueue(label: "scrawl.teaching", qos: .utility)

    /// How far a teaching run is.
    struct TeachingProgress: Equatable {
        var model: String
        var epoch = 0, epochs = 0
        var fraction = 0.0
        var loss: Float = 0
        var secondsLeft = 0.0
    }
    /// The history, once opened (it is read on the work queue, off the GTK thread, so a long history
    /// never delays the window); nil while loading or when it cannot be opened.
    var history: HistoryStore? { historySlot.value }
    private let historySlot: SharedValue<HistoryStore?>
    /// True until ``openHistory(_:)`` has finished.
    private(set) var historyLoading = false
    /// Bumped whenever the history's entries change here: a recognition recorded or refined, a
    /// correction, a deletion. The history window refreshes when it moves.
    private(set) var historyRevision = 0
    /// The outcome of the last deletion, clearing or export, for the history window.
    private(set) var historyStatus: Message?

    private var observers: [() -> Void] = []
    private var generation = 0
    private let work = DispatchQueue(label: "scrawl.work", qos: .userInitiated)
    private let deliver: @Sendable (@escaping @Sendable () -> Void) -> Void
    /// Results waiting for ``waitForWork()`` (tests, which pass no `deliver`).
    private let held: SharedValue<[@Sendable () -> Void]>?

    /// `deliver` hands a job's result to the owner thread (``MainThread/async(_:)`` in the app);
    /// without it, results wait for ``waitForWork()``.
    init(recognizer: Recognizer?, history: HistoryStore?, message: Message? = nil, models: PersonalModelStore? = nil,
         settingsPath: String? = nil, settings: Settings = Settings(), modelName: String? = nil,
         deliver: (@Sendable (@escaping @Sendable () -> Void) -> Void)? = nil) {
        self.recognizer = recognizer
        self.models = models
        self.settingsPath = settingsPath
        self.settings = settings
        live = settings.live ?? true
        penWidth = min(60, max(4, settings.penWidth ?? 22))
        self.modelName = modelName
        self.historySlot = SharedValue(history)
        self.message = message
        if let deliver {
            self.deliver = deliver
            held = nil
        } else {
            let held = SharedValue<[@Sendable () -> Void]>([])
            self.deliver = { result in held.update { $0.append(result) } }
            self.held = held
        }
    }

    /// The one way work leaves the owner thread: `job` runs on the work queue (or `queue`), after
    /// everything asked for before it, and `then` runs with its result back on the owner thread,
    /// if the state still exists.
    private func perform<Result: Sendable>(on queue: DispatchQueue? = nil, _ job: @escaping @Sendable () -> Result,
                                           then: @escaping @Sendable (AppState, Result) -> Void) {
        let me = OwnerThreadReference(self), deliver = self.deliver
        (queue ?? work).async {
            let result = job()
            deliver { if let state = me.object { then(state, result) } }
        }
    }

    /// Waits until the work queues are idle and every result they handed back has run here (tests).
    func waitForWork() {
        repeat { work.sync {}; teachingQueue.sync {} } while runHeldResults()
    }

    /// Runs the results held for ``waitForWork()``; false when there were none.
    private func runHeldResults() -> Bool {
        guard let results = held?.update({ list in defer { list = [] }; return list }), !results.isEmpty else { return false }
        for result in results { result() }
        return true
    }

    /// Opens the history on the work queue; recognitions requested meanwhile queue behind it, so
    /// they are recorded. `open` returns the store (or nil) and any notes to show.
    func openHistory(_ open: @escaping @Sendable () -> (HistoryStore?, [String])) {
        historyLoading = true
        let slot = historySlot
        perform({ () -> [String] in
            let (store, notes) = open()
            slot.update { $0 = store }
            return notes
        }, then: { state, notes in
            state.historyLoading = false
            if !notes.isEmpty {
                let text = ([state.message?.text].compactMap { $0 } + notes).joined(separator: "\n")
                state.message = Message(text: text, isError: true)
            }
            state.historyRevision += 1
            state.changed()
        })
    }

    /// Calls `body` now and after every change.
    func observe(_ body: @escaping () -> Void) {
        observers.append(body)
        body()
    }

    private func changed() { for o in observers { o() } }

    var availability: Availability {
        let hasInk = !document.drawing.isEmpty
        return Availability(undo: document.canUndo, redo: document.canRedo, clear: document.canClear, save: hasInk,
                            recognize: hasInk && recognizer != nil, feedback: recognition != nil && entry != nil && history != nil)
    }

    // MARK: - Editing

    /// Adds a stroke drawn on a canvas `sheetWidth` pixels wide (in drawing units), which widens
    /// the drawing's sheet for a number that needs room.
    func addStroke(_ stroke: Stroke, sheetWidth: Int = Drawing.side) {
        document.addStroke(stroke, sheetWidth: sheetWidth)
        drawingChanged()
    }

    func undo() { document.undo(); drawingChanged() }
    func redo() { document.redo(); drawingChanged() }

    func clear() {
        guard document.canClear else { return }
        document.clear()
        drawingChanged()
    }

    /// Puts an opened picture — already fitted to its sheet (``Drawing/init(picture:)``, done off
    /// the GTK thread) — on the canvas (undoable) and recognizes it.
    func load(picture: Drawing) {
        document.load(picture)
        drawingChanged()
        if !live { recognize() }
    }

    /// Shows the `index`th symbol of a number in the chart, the preview and the feedback, and
    /// highlights its strokes.
    func selectSymbol(_ index: Int) {
        // Also for the selected one: clicking its pressed button releases it, and the redraw presses it again.
        guard let count = reading?.symbols.count, (0 ..< count).contains(index) else { return }
        selectedSymbol = index
        changed()
    }

    /// The pointer entered (an index) or left (nil) a symbol's button.
    func hoverSymbol(_ index: Int?) {
        guard index != hoveredSymbol else { return }
        hoveredSymbol = index
        changed()
    }

    private func drawingChanged() {
        reading = nil
        generation += 1
        if live && !document.drawing.isEmpty {
            recognize()
        } else {
            recognizing = false
            changed()
        }
    }

    // MARK: - Recognition

    /// Recognizes the current drawing off the GTK thread and records it in the history.
    func recognize() {
        guard let recognizer, !document.drawing.isEmpty else { changed(); return }
        generation += 1
        let ticket = generation
        let drawing = document.drawing
        let id = drawing.id
        let previous = recorded[id]
        recognizing = true
        changed()
        let slot = historySlot
        perform({ () -> (NumberReading?, HistoryEntry?, String?) in
            guard let result = NumberReader(recognizer: recognizer).read(drawing) else { return (nil, nil, nil) }
            guard result.refusal == nil else { return (result, nil, nil) }
            // The stored record is the latest (a correction may have been saved since this request).
            let base = slot.value?.entry(id: id) ?? previous
            var record = base ?? HistoryEntry(id: id, reading: result, model: recognizer.displayName, rejects: recognizer.rejects)
            record.time = Date()
            let before = record.answerText
            record.update(from: result, rejects: recognizer.rejects)
            record.model = recognizer.displayName
            if record.answerText != before { record.correction = nil; record.numberCorrection = nil }   // a verdict on another answer no longer applies
            var failure: String?
            if let history = slot.value {
                do {
                    let png = try PNGCodec.encode(Rasterizer.renderForDisplay(drawing))
                    try history.record(record, drawingPNG: png)
                } catch {
                    failure = tr("The recognition was not saved to the history: {error}", ["error": "\(error)"])
                }
            }
            return (result, record, failure)
        }, then: { state, outcome in state.finish(ticket, outcome.0, outcome.1, outcome.2) })
    }

    private func finish(_ ticket: Int, _ result: NumberReading?, _ record: HistoryEntry?, _ failure: String?) {
        if let failure { message = Message(text: failure, isError: true) }
        if let record {
            recorded[record.id] = record
            historyRevision += 1
        }
        guard ticket == generation else { changed(); return }
        recognizing = false
        reading = result
        changed()
    }

    /// The person's verdict on the shown result: the right label (a digit "7", or one of a personal
    /// model's own, "A"), or nil for "not a digit"; the answer itself when it was correct. A label
    /// the answer's model does not have is ignored (Ctrl+7 on a model taught only letters).
    func giveFeedback(rightLabel: String?) {
        guard let history, var current = entry else { return }
        let id = current.id
        if let number, number.refusal == nil {
            // On a number the verdict is about the selected symbol: the number as it should read.
            guard rightLabel.map(OutputLabels.digitNames.contains) ?? true else { return }
            let corrected = number.text(replacingSymbol: selectedSymbol, with: rightLabel ?? "?")
            current.numberCorrection = corrected
            store(current, in: history) { try $0.setNumberCorrection(corrected, for: id) }
        } else {
            let right: Int
            if let rightLabel {
                guard let index = current.classNames.firstIndex(of: rightLabel) else { return }
                right = index
            } else {
                right = HistoryEntry.notADigit
            }
            current.correction = right
            store(current, in: history) { try $0.setCorrection(right, for: id) }
        }
    }

    /// ``giveFeedback(rightLabel:)`` for the digit `rightDigit` (Ctrl+0…9), or
    /// ``HistoryEntry/notADigit``.
    func giveFeedback(rightDigit: Int) {
        giveFeedback(rightLabel: rightDigit == HistoryEntry.notADigit ? nil : String(rightDigit))
    }

    /// The whole number as it should read, typed: digits, a decimal point, a space between lines,
    /// `?` for a symbol that is no digit. Anything else is refused, said so.
    func giveFeedback(numberText: String) {
        guard let history, var current = entry, let number, number.refusal == nil else { return }
        let text = numberText.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || ".? ".contains($0)) }) else {
            return show(tr("“{text}” is not a number: use the digits 0–9, a decimal point, and ? for a symbol that is no digit.", ["text": numberText]))
        }
        let id = current.id
        current.numberCorrection = text
        store(current, in: history) { try $0.setNumberCorrection(text, for: id) }
    }

    /// Keeps a verdict on the current entry now, and in the history off the GTK thread.
    private func store(_ entry: HistoryEntry, in history: HistoryStore, _ save: @escaping @Sendable (HistoryStore) throws -> Void) {
        recorded[entry.id] = entry
        changed()
        perform({ () -> String? in
            do { try save(history) } catch { return tr("The correction was not saved: {error}", ["error": "\(error)"]) }
            return nil
        }, then: { state, failure in
            if let failure { state.message = Message(text: failure, isError: true) }
            state.historyRevision += 1
            state.changed()
        })
    }

    // MARK: - Pictures

    /// Opens a PNG onto the canvas (undoable) and recognizes it. Decoding and fitting the picture
    /// to the canvas run on the work queue (a large photo takes a while); a blank or unreadable
    /// file leaves the canvas as it is and says why.
    func open(path: String) {
        let name = (path as NSString).lastPathComponent
        place(blank: tr("{file} has no ink to recognize: it is blank.", ["file": name]),
              unreadable: { tr("Could not open {file}: {error}", ["file": name, "error": "\($0)"]) }) {
            try PNGCodec.load(path: path).ink
        }
    }

    /// Pastes a picture from the clipboard onto the canvas, as ``open(path:)`` opens a file.
    /// `pixels` are the texture as GDK downloads it (``RGBAImage/init(premultipliedBGRA:width:height:stride:)``).
    func paste(premultipliedBGRA pixels: [UInt8], width: Int, height: Int, stride: Int) {
        place(blank: tr("The picture on the clipboard has no ink to recognize: it is blank."), unreadable: { "\($0)" }) {
            RGBAImage(premultipliedBGRA: pixels, width: width, height: height, stride: stride).ink
        }
    }

    /// The ink `decode` gives, fitted to the canvas off the GTK thread, then put on it (undoable)
    /// and recognized; a blank picture or a decoding error leaves the canvas as it is and says so.
    private func place(blank: String, unreadable: @escaping @Sendable (Error) -> String,
                       _ decode: @escaping @Sendable () throws -> GrayImage) {
        perform({ () -> (picture: Drawing?, failure: String?) in
            do {
                let ink = try decode()
                guard ink.pixels.contains(where: { $0 >= 0.1 }) else { return (nil, blank) }
                return (Drawing(picture: ink), nil)
            } catch {
                return (nil, unreadable(error))
            }
        }, then: { state, outcome in
            if let picture = outcome.picture {
                state.message = nil
                state.load(picture: picture)
            } else if let failure = outcome.failure {
                state.show(failure)
            }
        })
    }

    /// Copies the drawing as a PNG, as saved: made on the work queue, then held in
    /// ``copiedPicture`` for the window to put on the clipboard.
    func copyDrawing() {
        let drawing = document.drawing
        guard !drawing.isEmpty else { return }
        perform({ try? PNGCodec.encode(Rasterizer.renderForDisplay(drawing)) }, then: { state, png in
            guard let png else { return state.show(tr("The drawing could not be copied.")) }
            state.copiedPicture = png
            state.show(tr("Copied the drawing."), isError: false)
        })
    }

    /// The PNG ``copyDrawing()`` made, once: the window takes it to the clipboard.
    func takeCopiedPicture() -> Data? {
        defer { copiedPicture = nil }
        return copiedPicture
    }

    /// Saves the drawing on the canvas as a PNG at `path` (".png" added when missing), atomically.
    func save(to path: String) {
        let target = path.lowercased().hasSuffix(".png") ? path : path + ".png"
        let drawing = document.drawing
        perform({ () -> String? in
            do { try PNGCodec.save(Rasterizer.renderForDisplay(drawing), to: target) } catch { return "\(error)" }
            return nil
        }, then: { state, failure in
            if let failure {
                state.show(tr("The drawing was not saved. {error}", ["error": failure]))
            } else {
                state.show(tr("Saved {file}", ["file": (target as NSString).lastPathComponent]), isError: false)
            }
        })
    }

    // MARK: - The history window's commands

    /// Deletes history entries (and their drawings).
    func deleteHistoryEntries(ids: Set<String>) {
        changeHistory(success: nil) { try $0.delete(ids: ids) } failure: { tr("Could not delete: {error}", ["error": "\($0)"]) }
    }

    /// Deletes the whole history.
    func clearHistory() {
        changeHistory(success: nil) { try $0.deleteAll() } failure: { tr("Could not clear the history: {error}", ["error": "\($0)"]) }
    }

    /// Writes the history as CSV to `path`.
    func exportHistory(to path: String) {
        let name = (path as NSString).lastPathComponent
        changeHistory(success: { trn("Exported {count} entry to {file}.", "Exported {count} entries to {file}.", $0.entries.count, ["file": name]) }) {
            try $0.exportCSV(to: path)
        } failure: { tr("The history was not exported: {error}", ["error": "\($0)"]) }
    }

    /// Runs `change` on the history off the owner thread, then shows its outcome in ``historyStatus``.
    private func changeHistory(success: (@Sendable (HistoryStore) -> String)?, _ change: @escaping @Sendable (HistoryStore) throws -> Void,
                               failure: @escaping @Sendable (any Error) -> String) {
        guard let history else { return }
        perform({ () -> Message? in
            do {
                try change(history)
                return success.map { Message(text: $0(history), isError: false) }
            } catch {
                return Message(text: failure(error), isError: true)
            }
        }, then: { state, status in
            state.historyStatus = status
            state.historyRevision += 1
            state.changed()
        })
    }

    /// The main window's size and state to start with: as it was last closed, else 900×660.
    var windowSize: (width: Int, height: Int, maximized: Bool) {
        (min(max(settings.windowWidth ?? 900, 400), 8192), min(max(settings.windowHeight ?? 660, 300), 8192), settings.maximized ?? false)
    }

    /// Notes the window's size as the person leaves it; written by ``shutDown()``, not on every
    /// step of a resize.
    func windowResized(width: Int, height: Int, maximized: Bool) {
        if width > 0 && height > 0 { (settings.windowWidth, settings.windowHeight) = (width, height) }
        settings.maximized = maximized
    }

    /// When the window is gone: writes the settings and waits until every job already asked for
    /// (a history write, a save) is done, so that the process may exit without losing one.
    func shutDown() {
        saveSettings()
        work.sync {}
    }

    /// Writes ``settings`` off the owner thread (in order with everything else on the work queue).
    private func saveSettings() {
        guard let settingsPath else { return }
        let settings = self.settings
        perform({ () -> Bool in (try? settings.save(path: settingsPath)) != nil }, then: { _, _ in })
    }

    // MARK: - Models

    /// Lists the personal models again (off the owner thread).
    func refreshModels() {
        guard let models else { return }
        perform({ models.list() }, then: { state, entries in
            state.modelEntries = entries
            state.changed()
        })
    }

    /// Switches to a personal model (nil: the built-in one) for the next recognition, re-reads the
    /// drawing on the canvas with it, and remembers the choice. A model that cannot be loaded
    /// leaves the current one in use and says why.
    func selectModel(_ name: String?, reload: Bool = false) {
        guard name != modelName || recognizer == nil || reload else { return }
        let models = self.models
        perform({ () -> (Recognizer?, String?) in
            do {
                if name != nil && models == nil { return (nil, tr("personal models are not available")) }
                let store = models ?? PersonalModelStore(folder: PersonalModelStore.defaultFolder())
                return (try store.resolve(name ?? PersonalModelStore.builtInName).recognizer(), nil)
            } catch {
                return (nil, errorText(error))
            }
        }, then: { state, outcome in
            guard let recognizer = outcome.0 else {
                state.show(tr("The model {name} cannot be used: {reason}. Still using {current}.",
                              ["name": name ?? PersonalModelStore.builtInName, "reason": outcome.1 ?? tr("unknown error"),
                               "current": state.modelTitle]))
                return
            }
            state.recognizer = recognizer
            state.modelName = name
            state.settings.model = name
            state.saveSettings()
            state.drawingChanged()
        })
    }

    /// Teaches the selected model what the person corrected: every drawing in the history that
    /// this model answered and the person confirmed or corrected to a digit (or one of the
    /// model's own labels) is an example, and so is each digit of a number they confirmed or
    /// corrected (``Teaching/examples(ofNumber:corrected:reader:id:)``). The built-in model is
    /// never written: improving it creates the personal model "My handwriting". Labels with fewer
    /// than two such drawings are left out, and the window says so.
    func improveModel() {
        guard teaching == nil, let models, let history, let recognizer else { return }
        let shown = recognizer.displayName
        let singles = history.entries.filter { $0.model == shown && $0.number == nil && ($0.correction.map { $0 != HistoryEntry.notADigit } ?? false) }
        let numbers = history.entries.filter { $0.model == shown && $0.number != nil && $0.numberCorrection != nil && recognizer.readsNumbers }
        var counts = Dictionary(grouping: singles, by: { $0.text($0.correction!) }).mapValues(\.count)
        for entry in numbers {
            for digit in entry.numberCorrection! where digit.isASCII && digit.isNumber { counts[String(digit), default: 0] += 1 }
        }
        let left = Set(counts.filter { $0.value < 2 }.keys)
        let usable = singles.filter { !left.contains($0.text($0.correction!)) }
        guard !usable.isEmpty || counts.contains(where: { $0.value >= 2 }) else {
            show(tr("To improve a model, confirm or correct at least two drawings of a digit first (Ctrl+Return, Ctrl+0…9)."))
            return
        }
        let name = modelName ?? Self.unusedName(tr("My handwriting"), among: modelEntries.map(\.name))
        let baseName = modelName.flatMap { try? models.manifest($0).base } ?? PersonalModelStore.builtInName
        let drawings = usable.count + numbers.count
        var note = trn("Teaching {name} from {count} corrected drawing", "Teaching {name} from {count} corrected drawings", drawings, ["name": name])
        if !left.isEmpty { note += tr("; left out (one drawing each so far): {labels}", ["labels": left.sorted().joined(separator: ", ")]) }
        let reader = NumberReader(recognizer: recognizer)
        teach(name: name, baseName: baseName, note: note) { () -> [Teaching.NewExample] in
            let single = usable.compactMap { entry in
                FileManager.default.contents(atPath: history.drawingPath(entry)).map {
                    Teaching.NewExample(label: entry.text(entry.correction!), png: $0, source: "history \(entry.id)", id: entry.id)
                }
            }
            let digits = numbers.flatMap { entry in
                FileManager.default.contents(atPath: history.drawingPath(entry)).map {
                    Teaching.examples(ofNumber: $0, corrected: entry.numberCorrection!, reader: reader, id: entry.id)
                } ?? []
            }
            return single + digits.filter { !left.contains($0.label) }
        }
    }

    /// Teaches a new personal model `name` from drawings made for it (the Teach window), starting
    /// from `base` (the built-in model or a personal model), answering the base's labels and the
    /// drawings' or only the drawings' (`labels`), then selects it.
    func teachNewModel(name: String, base: String = PersonalModelStore.builtInName, labels: Teaching.Labels = .withBase,
                       drawings: [(label: String, drawing: Drawing)]) {
        guard teaching == nil, models != nil else { return }
        let drawings = drawings.map { ($0.label, $0.drawing) }
        teach(name: name, baseName: base, labels: labels, note: trn("Teaching {name} from {count} drawing", "Teaching {name} from {count} drawings", drawings.count, ["name": name])) {
            drawings.compactMap { label, drawing in
                (try? PNGCodec.encode(Rasterizer.renderForDisplay(drawing))).map {
                    Teaching.NewExample(label: label, png: $0, strokes: drawing.strokes.map(\.points), source: "drawing of \(label)")
                }
            }
        }
    }

    /// A name not among `names`: `base`, else `base 2`, `base 3`...
    static func unusedName(_ base: String, among names: [String]) -> String {
        var candidate = base, n = 2
        while names.contains(candidate) { candidate = "\(base) \(n)"; n += 1 }
        return candidate
    }

    /// Runs a teaching job on the teaching queue, with progress and cancel, then selects the model.
    private func teach(name: String, baseName: String, labels: Teaching.Labels? = nil, note: String,
                       examples: @escaping @Sendable () -> [Teaching.NewExample]) {
        guard let models else { return }
        teachingCancelled.update { $0 = false }
        teaching = TeachingProgress(model: name)
        message = Message(text: note, isError: false)
        changed()
        let cancelled = teachingCancelled, me = OwnerThreadReference(self), deliver = self.deliver
        perform(on: teachingQueue, { () -> (message: Message, taught: Bool) in
            do {
                let replay = try ReplaySample.shipped()
                let base = try models.resolve(baseName).networks
                var last = Date.distantPast
                let result = try Teaching.teach(name: name, base: base, baseName: baseName, newExamples: examples(), labels: labels, store: models,
                                                replay: replay, progress: { p in
                    guard Date().timeIntervalSince(last) > 0.2 || p.batch == p.batches else { return }
                    last = Date()
                    let progress = TeachingProgress(model: name, epoch: p.epoch, epochs: p.epochs,
                                                    fraction: Double((p.epoch - 1) * p.batches + p.batch) / Double(p.epochs * p.batches),
                                                    loss: p.loss, secondsLeft: p.secondsLeft)
                    deliver { me.object?.teachingMoved(progress) }
                }, isCancelled: { cancelled.value })
                let accuracy = result.manifest.heldBackAccuracy.map {
                    trn("; {percent} of the {count} held back read right", "; {percent} of the {count} held back read right", result.manifest.heldBack,
                        ["percent": Translation.percent($0, digits: 0)])
                } ?? ""
                let text = trn("Taught {name} from {count} example in {seconds} s{accuracy}.", "Taught {name} from {count} examples in {seconds} s{accuracy}.",
                               result.manifest.examples, ["name": name, "seconds": Translation.decimal(result.seconds), "accuracy": accuracy])
                return (Message(text: text, isError: false), true)
            } catch Teacher.TeachError.cancelled {
                return (Message(text: tr("Teaching {name} was cancelled; the model is as it was.", ["name": name]), isError: false), false)
            } catch {
                return (Message(text: tr("{name} was not taught: {error}", ["name": name, "error": errorText(error)]), isError: true), false)
            }
        }, then: { state, outcome in
            state.teaching = nil
            state.message = outcome.message
            if outcome.taught { state.selectModel(name, reload: true) }
            state.refreshModels()
            state.changed()
        })
    }

    private func teachingMoved(_ progress: TeachingProgress) {
        guard teaching != nil else { return }
        teaching = progress
        changed()
    }

    /// Stops the teaching run after its current batch; the model stays as it was.
    func cancelTeaching() {
        guard teaching != nil else { return }
        teachingCancelled.update { $0 = true }
    }

    /// Renames the selected personal model.
    func renameModel(to newName: String) {
        guard let models, let old = modelName else { return }
        perform({ () -> String? in
            do { try models.rename(old, to: newName) } catch { return "\(error)" }
            return nil
        }, then: { state, failure in
            if let failure {
                state.show(tr("The model was not renamed: {error}", ["error": failure]))
            } else {
                state.selectModel(newName, reload: true)
                state.show(tr("Renamed {old} to {new}.", ["old": old, "new": newName]), isError: false)
            }
            state.refreshModels()
        })
    }

    /// Deletes the selected personal model and goes back to the built-in one.
    func deleteModel() {
        guard let models, let name = modelName else { return }
        perform({ () -> String? in
            do { try models.delete(name) } catch { return "\(error)" }
            return nil
        }, then: { state, failure in
            if let failure {
                state.show(tr("The model was not deleted: {error}", ["error": failure]))
            } else {
                state.selectModel(nil)
                state.show(tr("Deleted {name}.", ["name": name]), isError: false)
            }
            state.refreshModels()
        })
    }

    // MARK: - Messages

    func show(_ text: String, isError: Bool = true) {
        message = Message(text: text, isError: isError)
        changed()
    }

    func dismissMessage() {
        message = nil
        changed()
    }

    /// Takes the message down if it is still the one numbered `serial` (``messageSerial``).
    func dismissMessage(serial: Int) {
        guard serial == messageSerial, message != nil else { return }
        dismissMessage()
    }
}
