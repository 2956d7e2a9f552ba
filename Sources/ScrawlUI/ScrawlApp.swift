import CGtk
import Foundation
import ScrawlEngine
import ScrawlRecognition

/// The GTK application: single instance (a second launch presents the first window), app-level
/// actions, and the keyboard accelerators of ``Shortcuts/table``.
public enum ScrawlApp {
    static let id = "io.github.scrawl.Scrawl"
    static let version = "0.1.0"

    // Unsafe: set and read only in GApplication signal handlers, on the GTK thread.
    nonisolated(unsafe) private static var main: MainWindow?

    /// Runs the app until its last window closes; `modelPath` overrides the shipped model.
    public static func run(modelPath: String?) -> Int32 {
        gtk_disable_setlocale()  // Translation.setUp has set it, with a fallback GTK lacks
        let app = gtk_application_new(id, G_APPLICATION_DEFAULT_FLAGS)!
        let appActions = ActionGroup(map: app)
        appActions.add(.quit) { g_application_quit(app.cast()) }
        appActions.add(.about) { AboutDialog.present(parent: main?.window.cast(), modelName: main?.state.recognizer?.localizedName ?? tr("none")) }
        for entry in Shortcuts.table {
            withCStringArray(entry.keys) { gtk_application_set_accels_for_action(app, entry.action, $0) }
        }
        Signal.connect(app, "activate", {
            if main == nil {
                Theme.install()
                main = MainWindow(application: app, state: makeState(modelPath: modelPath))
                ShortcutsWindow.attach(to: main!.window)
            }
            main?.present()
        })
        let status = withCStringArray([CommandLine.arguments.first ?? "scrawl"]) { argv in
            // The rebound pointer is used inside the closure only.
            UnsafeMutablePointer(mutating: argv).withMemoryRebound(to: UnsafeMutablePointer<CChar>?.self, capacity: 2) {
                g_application_run(app.cast(), 1, $0)
            }
        }
        main?.state.shutDown()
        main = nil
        g_object_unref(UnsafeMutableRawPointer(app))
        return status
    }

    /// Loads the model (falling back to the shipped one, and saying so) and opens the history.
    static func makeState(modelPath: String?) -> AppState {
        var notes: [String] = []
        var recognizer: Recognizer?
        var modelName: String?
        let models = PersonalModelStore(folder: PersonalModelStore.defaultFolder())
        let settingsPath = Settings.defaultPath()
        let (settings, settingsNote) = Settings.load(path: settingsPath)
        if let settingsNote { notes.append(settingsNote) }
        // `--model NAME` may name a personal model rather than a file.
        let personal = modelPath.flatMap { models.isModelName($0) ? $0 : nil }
        if let name = personal ?? (modelPath == nil ? settings.model : nil) {
            // The personal model asked for, or chosen last time; when it cannot be used, the built-in one, said so.
            do {
                recognizer = try models.resolve(name).recognizer()
                modelName = name
            } catch {
                notes.append(tr("The model {name} cannot be used ({error}); using the built-in model.", ["name": name, "error": errorText(error)]))
            }
        }
        if recognizer == nil {
            do {
                recognizer = try Recognizer(modelPath: personal == nil ? modelPath : nil)
            } catch {
                if let modelPath {
                    notes.append(tr("Could not load the model {file}: {error}. Using the built-in model instead.",
                                    ["file": (modelPath as NSString).lastPathComponent, "error": errorText(error)]))
                    recognizer = try? Recognizer(modelPath: nil)
                }
                if recognizer == nil { notes.append(tr("No model could be loaded ({error}); drawing works, recognition does not.", ["error": errorText(error)])) }
            }
        }
        let message = notes.isEmpty ? nil : AppState.Message(text: notes.joined(separator: "\n"), isError: true)
        var remembered = settings
        remembered.model = modelName
        let state = AppState(recognizer: recognizer, history: nil, message: message, models: models, settingsPath: settingsPath,
                             settings: remembered, modelName: modelName,
                             deliver: MainThread.async)
        state.openHistory { openHistory(folder: HistoryStore.defaultFolder()) }
        state.refreshModels()
        return state
    }

    /// Opens the history store, with what the person should be told about it.
    static func openHistory(folder: String) -> (HistoryStore?, [String]) {
        do {
            let h = try HistoryStore(folder: folder)
            var notes: [String] = []
            if let reason = h.readOnlyReason { notes.append(tr("History: {reason}.", ["reason": reason])) }
            if !h.damagedLines.isEmpty {
                notes.append(trn("{count} damaged line of the history could not be read and is not shown; it is kept in {file} when the history is next changed.",
                                 "{count} damaged lines of the history could not be read and are not shown; they are kept in {file} when the history is next changed.",
                                 h.damagedLines.count, ["file": h.folder + "/history.damaged.jsonl"]))
            }
            return (h, notes)
        } catch {
            return (nil, [tr("The history is unavailable: {error}. Recognitions will not be recorded.", ["error": "\(error)"])])
        }
    }
}
