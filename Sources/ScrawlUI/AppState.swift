import Dispatch
import Foundation
import ScrawlRecognition
import Synchronization

/// Everything the main window shows, in one observable object. Widgets read it and call its
/// methods; they never keep state of their own. GTK-free, so it is tested headless.
///
/// Threading, one rule: the state and every property belong to the thread that made it (the GTK
/// thread). Everything that touches the model or files — recognition, the history, opening and
/// saving pictures — goes through ``perform(_:then:)``: the job runs on `work`, one serial queue,
/// in order; its result comes back to the owner thread through `deliver` (the GLib idle queue in
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
    /// The latest result for the current drawing; nil when the canvas is empty or not yet recognized.
    private(set) var recognition: Recognition?
    /// History entries recorded in this session, by drawing id (each drawing has one entry, refined
    /// by later recognitions; undo back to an earlier drawing finds its entry again).
    private var recorded: [String: HistoryEntry] = [:]
    /// The history entry of the current drawing.
    var entry: HistoryEntry? { recorded[document.drawing.id] }
    private(set) var recognizing = false
    var live = true { didSet { changed() } }
    /// Pen diameter in canvas pixels.
    var penWidth: Double = 22 { didSet { changed() } }
    private(set) var message: Message?
    let recognizer: Recognizer?
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
    init(recognizer: Recognizer?, history: HistoryStore?, message: Message? = nil,
         deliver: (@Sendable (@escaping @Sendable () -> Void) -> Void)? = nil) {
        self.recognizer = recognizer
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

    /// The one way work leaves the owner thread: `job` runs on the work queue, after everything
    /// asked for before it, and `then` runs with its result back on the owner thread, if the
    /// state still exists.
    private func perform<Result: Sendable>(_ job: @escaping @Sendable () -> Result,
                                           then: @escaping @Sendable (AppState, Result) -> Void) {
        let me = OwnerThreadReference(self), deliver = self.deliver
        work.async {
            let result = job()
            deliver { if let state = me.object { then(state, result) } }
        }
    }

    /// Waits until the work queue is idle and every result it handed back has run here (tests).
    func waitForWork() {
        repeat { work.sync {} } while runHeldResults()
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

    func addStroke(_ stroke: Stroke) {
        document.addStroke(stroke)
        drawingChanged()
    }

    func undo() { document.undo(); drawingChanged() }
    func redo() { document.redo(); drawingChanged() }

    func clear() {
        guard document.canClear else { return }
        document.clear()
        drawingChanged()
    }

    /// Puts an opened picture — its ink, already fitted to the canvas (``Rasterizer/fitted(_:side:)``,
    /// done off the GTK thread) — on the canvas (undoable) and recognizes it.
    func load(fittedPicture: GrayImage) {
        document.load(background: fittedPicture)
        drawingChanged()
        if !live { recognize() }
    }

    private func drawingChanged() {
        recognition = nil
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
        perform({ () -> (Recognition?, HistoryEntry?, String?) in
            guard let result = recognizer.recognize(drawing) else { return (nil, nil, nil) }
            // The stored record is the latest (a correction may have been saved since this request).
            let base = slot.value?.entry(id: id) ?? previous
            var record = base ?? HistoryEntry(id: id, recognition: result, model: recognizer.displayName, rejects: recognizer.rejects)
            record.time = Date()
            let answerChanged = record.answer != (result.answer ?? HistoryEntry.notADigit)
            record.update(from: result, rejects: recognizer.rejects)
            record.model = recognizer.displayName
            if answerChanged { record.correction = nil }   // a verdict on another answer no longer applies
            var failure: String?
            if let history = slot.value {
                do {
                    let png = try PNGCodec.encode(Rasterizer.renderForDisplay(drawing))
                    try history.record(record, drawingPNG: png)
                } catch {
                    failure = "The recognition was not saved to the history: \(error)"
                }
            }
            return (result, record, failure)
        }, then: { state, outcome in state.finish(ticket, outcome.0, outcome.1, outcome.2) })
    }

    private func finish(_ ticket: Int, _ result: Recognition?, _ record: HistoryEntry?, _ failure: String?) {
        if let failure { message = Message(text: failure, isError: true) }
        if let record {
            recorded[record.id] = record
            historyRevision += 1
        }
        guard ticket == generation else { changed(); return }
        recognizing = false
        recognition = result
        changed()
    }

    /// The person's verdict on the shown result: the right digit, or ``HistoryEntry/notADigit``
    /// (equal to the answer when it was correct).
    func giveFeedback(rightDigit: Int) {
        guard let history, var current = entry, (0 ... 9).contains(rightDigit) || rightDigit == HistoryEntry.notADigit else { return }
        current.correction = rightDigit
        recorded[current.id] = current
        changed()
        let id = current.id
        perform({ () -> String? in
            do { try history.setCorrection(rightDigit, for: id) } catch { return "The correction was not saved: \(error)" }
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
        perform({ () -> (picture: GrayImage?, failure: String?) in
            do {
                let ink = try PNGCodec.load(path: path).ink
                guard ink.pixels.contains(where: { $0 >= 0.1 }) else { return (nil, "\(name) has no ink to recognize: it is blank.") }
                return (Rasterizer.fitted(ink), nil)
            } catch {
                return (nil, "Could not open \(name): \(error)")
            }
        }, then: { state, outcome in
            if let picture = outcome.picture {
                state.message = nil
                state.load(fittedPicture: picture)
            } else if let failure = outcome.failure {
                state.show(failure)
            }
        })
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
                state.show("The drawing was not saved. \(failure)")
            } else {
                state.show("Saved \((target as NSString).lastPathComponent)", isError: false)
            }
        })
    }

    // MARK: - The history window's commands

    /// Deletes history entries (and their drawings).
    func deleteHistoryEntries(ids: Set<String>) {
        changeHistory(success: nil) { try $0.delete(ids: ids) } failure: { "Could not delete: \($0)" }
    }

    /// Deletes the whole history.
    func clearHistory() {
        changeHistory(success: nil) { try $0.deleteAll() } failure: { "Could not clear the history: \($0)" }
    }

    /// Writes the history as CSV to `path`.
    func exportHistory(to path: String) {
        let name = (path as NSString).lastPathComponent
        changeHistory(success: { "Exported \($0.entries.count) entries to \(name)." }) {
            try $0.exportCSV(to: path)
        } failure: { "The history was not exported: \($0)" }
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

    // MARK: - Messages

    func show(_ text: String, isError: Bool = true) {
        message = Message(text: text, isError: isError)
        changed()
    }

    func dismissMessage() {
        message = nil
        changed()
    }
}
