/// Every GAction of the app by name: `win.` actions on the main window, `app.` on the application,
/// `history.` and `teach.` on those windows' groups. Buttons, menus, accelerators and the
/// shortcuts window name actions only through these.
enum Action: String, CaseIterable {
    case undo = "win.undo", redo = "win.redo", clear = "win.clear", recognize = "win.recognize", open = "win.open", save = "win.save"
    case copy = "win.copy", paste = "win.paste"
    case history = "win.history", live = "win.live", penWider = "win.pen-wider", penThinner = "win.pen-thinner"
    case correct = "win.correct", correctTo = "win.correct-to", correctToLabel = "win.correct-to-label", typeNumber = "win.type-number", nextDigit = "win.next-digit", previousDigit = "win.previous-digit", improve = "win.improve", teach = "win.teach"
    case model = "win.model", brokenModel = "win.broken-model", cancelTeaching = "win.cancel-teaching"
    case renameModel = "win.rename-model", deleteModel = "win.delete-model", shortcuts = "win.show-help-overlay"
    case quit = "app.quit", about = "app.about", closeWindow = "window.close"
    case historyLoad = "history.load", historyDelete = "history.delete", historyExport = "history.export"
    case historyClearAll = "history.clear-all"
    case teachStart = "teach.start", teachNext = "teach.next", teachBack = "teach.back", teachClear = "teach.clear"
    case teachUndo = "teach.undo"

    /// The name within its group (`undo` for `win.undo`), as the action is installed.
    var local: String { String(rawValue.split(separator: ".", maxSplits: 1)[1]) }

    /// The detailed name with an int32 target, e.g. `win.correct-to(3)`.
    func target(_ value: Int) -> String { "\(rawValue)(\(value))" }
}
