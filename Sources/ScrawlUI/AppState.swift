import Dispatch
import Foundation
import ScrawlRecognition

/// Everything the main window shows, in one observable object. Widgets read it and call its
/// methods; they never keep state of their own. GTK-free, so it is tested headless.
///
/// Threading: all properties belong to the GTK thread. Recognition and history writes run on
/// `work`, and their results come back through `deliver` (the GTK thread's idle queue in the app,
/// a synchronous call in tests).
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
    var history: HistoryStore? {
        historyLock.lock()
        defer { historyLock.unlock() }
        return openedHistory
    }
    private var openedHistory: HistoryStore?
    private let historyLock = NSLock()
    /// True until ``openHistory(_:)`` has finished.
    private(set) var historyLoading = false

    private var observers: [() -> Void] = []
    private var generation = 0
    private let work = DispatchQueue(label: "scrawl.work", qos: .userInitiated)
    private let deliver: (@escaping () -> Void) -> Void

    init(recognizer: Recognizer?, history: HistoryStore?, message: Message? = nil,
         deliver: @escaping (@escaping () -> Void) -> Void) {
        self.recognizer = recognizer
        self.openedHistory = history
        self.message = message
        self.deliver = deliver
    }

    /// Opens the history on the work queue; recognitions requested meanwhile queue behind it, so
    /// they are recorded. `open` returns the store (or nil) and any notes to show.
    func openHistory(_ open: @escaping () -> (HistoryStore?, [String])) {
        historyLoading = true
        work.async { [weak self] in
            let (store, notes) = open()
            self?.historyLock.lock()
            self?.openedHistory = store
            self?.historyLock.unlock()
            self?.deliver {
                guard let self else { return }
                self.historyLoading = false
                if !notes.isEmpty {
                    let text = ([self.message?.text].compactMap { $0 } + notes).joined(separator: "\n")
                    self.message = Message(text: text, isError: true)
                }
                self.changed()
            }
        }
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
        work.async { [weak self] in
            guard let result = recognizer.recognize(drawing) else {
                self?.deliver { self?.finish(ticket, nil, nil, nil) }
                return
            }
            // The stored record is the latest (a correction may have been saved since this request).
            let base = self?.history?.entry(id: id) ?? previous
            var record = base ?? HistoryEntry(id: id, recognition: result, model: recognizer.displayName, rejects: recognizer.rejects)
            record.time = Date()
            let answerChanged = record.answer != (result.answer ?? HistoryEntry.notADigit)
            record.update(from: result, rejects: recognizer.rejects)
            record.model = recognizer.displayName
            if answerChanged { record.correction = nil }   // a verdict on another answer no longer applies
            var failure: String?
            if let history = self?.history {
                do {
                    let png = try PNGCodec.encode(Rasterizer.renderForDisplay(drawing))
                    try history.record(record, drawingPNG: png)
                } catch {
                    failure = "The recognition was not saved to the history: \(error)"
                }
            }
            self?.deliver { self?.finish(ticket, result, record, failure) }
        }
    }

    private func finish(_ ticket: Int, _ result: Recognition?, _ record: HistoryEntry?, _ failure: String?) {
        if let failure { message = Message(text: failure, isError: true) }
        if let record { recorded[record.id] = record }
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
        work.async { [weak self] in
            var failure: String?
            do { try history.setCorrection(rightDigit, for: id) } catch { failure = "The correction was not saved: \(error)" }
            self?.deliver {
                if let failure { self?.message = Message(text: failure, isError: true); self?.changed() }
            }
        }
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

    /// Waits for queued background work (tests).
    func waitForWork() { work.sync {} }
}
