import ScrawlRecognition

/// Every keyboard shortcut, in one table: the action it runs, its keys (GTK accelerator syntax,
/// the first is the one shown), what the shortcuts window calls it and in which group (English,
/// marked for translation and translated where shown). The
/// application's accelerators, the shortcuts window and the tooltips are built from it, and a
/// test checks README's keys table against it.
enum Shortcuts {
    struct Entry {
        /// The detailed action name (`win.correct-to(3)` for an action with a target).
        let action: String
        let keys: [String]
        let title: String
        let group: String
        /// False for the entries the shortcuts window sums up in one row (Ctrl+1 … Ctrl+9).
        var listed = true
    }

    static let drawing = N_("Drawing"), recognition = N_("Recognition"), models = N_("Models"), files = N_("Files and windows")
    static let historyGroup = N_("History window"), teachGroup = N_("Teach window")

    static let table: [Entry] = {
        func e(_ a: Action, _ keys: [String], _ title: String, _ group: String) -> Entry {
            Entry(action: a.rawValue, keys: keys, title: title, group: group)
        }
        var t: [Entry] = [
            e(.undo, ["<Control>z"], N_("Undo the last stroke"), drawing), e(.redo, ["<Control><Shift>z", "<Control>y"], N_("Redo"), drawing),
            e(.clear, ["Delete", "Escape"], N_("Clear the canvas"), drawing),
            e(.penWider, ["<Control>plus", "<Control>equal"], N_("Thicker pen"), drawing), e(.penThinner, ["<Control>minus"], N_("Thinner pen"), drawing),
            e(.recognize, ["Return", "KP_Enter"], N_("Recognize"), recognition),
            e(.live, ["<Control>l"], N_("Recognize as you draw on or off"), recognition),
            e(.correct, ["<Control>Return"], N_("Mark the answer correct"), recognition),
            e(.previousDigit, ["<Control>Left"], N_("In a number: the previous digit"), recognition),
            e(.nextDigit, ["<Control>Right"], N_("In a number: the next digit"), recognition),
        ]
        for d in 0 ... 9 {
            t.append(Entry(action: Action.correctTo.target(d), keys: ["<Control>\(d)"],
                           title: d == 0 ? N_("Mark it wrong: it is a 0 (… Ctrl+9)") : "Mark it wrong: it is a \(d)", group: recognition, listed: d == 0))
        }
        t += [
            Entry(action: Action.correctTo.target(-1), keys: ["<Control>period"], title: N_("Mark it: not a digit"), group: recognition),
            e(.typeNumber, ["<Control><Shift>Return"], N_("In a number: type how it should read"), recognition),
            e(.improve, ["<Control>i"], N_("Improve the model from your corrections"), models),
            e(.teach, ["<Control>t"], N_("Teach a new model your handwriting"), models),
            e(.open, ["<Control>o"], N_("Open a PNG"), files), e(.save, ["<Control>s"], N_("Save the drawing as PNG"), files),
            e(.copy, ["<Control>c"], N_("Copy the drawing as a picture"), files),
            e(.paste, ["<Control>v"], N_("Paste a picture onto the canvas"), files),
            e(.history, ["<Control>h"], N_("History"), files), e(.shortcuts, ["<Control>question"], N_("Keyboard shortcuts"), files),
            e(.quit, ["<Control>q"], N_("Quit"), files), e(.closeWindow, ["<Control>w"], N_("Close the window"), files),
            e(.historyLoad, ["<Control>Return"], N_("Load the selected drawing onto the canvas"), historyGroup),
            e(.historyDelete, ["Delete"], N_("Delete the selected entry"), historyGroup),
            e(.historyExport, ["<Control>e"], N_("Export the history as CSV"), historyGroup),
            e(.historyClearAll, ["<Control><Shift>Delete"], N_("Clear the whole history"), historyGroup),
            e(.teachNext, ["Return", "KP_Enter"], N_("Keep the drawing and go on"), teachGroup),
            e(.teachBack, ["<Control>BackSpace"], N_("Draw the previous example again"), teachGroup),
            e(.teachClear, ["Delete", "Escape"], N_("Clear the canvas"), teachGroup), e(.teachUndo, ["<Control>z"], N_("Undo the last stroke"), teachGroup),
        ]
        return t
    }()

    /// The groups in the order they appear, each with its listed entries.
    static var groups: [(title: String, entries: [Entry])] {
        var order: [String] = []
        for entry in table where !order.contains(entry.group) { order.append(entry.group) }
        return order.map { g in (g, table.filter { $0.group == g && $0.listed }) }
    }

    /// A tooltip for `action`'s button: `text`, then its keys in the reader's language, e.g. "Undo (Ctrl+Z)".
    static func tooltip(_ action: Action, _ text: String) -> String {
        guard let entry = table.first(where: { $0.action == action.rawValue }) else { return text }
        return "\(text) (\(entry.keys.prefix(2).map { label($0, translate: { tr($0) }) }.joined(separator: ", ")))"
    }

    /// How a key reads in README (English) and tooltips (`translate`: `tr`): `<Control><Shift>z` → `Ctrl+Shift+Z`.
    static func label(_ accelerator: String, translate: (String) -> String = { $0 }) -> String {
        var rest = Substring(accelerator), parts: [String] = []
        while rest.hasPrefix("<"), let end = rest.firstIndex(of: ">") {
            let modifier = rest[rest.index(after: rest.startIndex) ..< end]
            parts.append(translate(modifier == "Control" ? N_("Ctrl") : modifier == "Shift" ? N_("Shift") : String(modifier)))
            rest = rest[rest.index(after: end)...]
        }
        let names = ["plus": N_("plus"), "minus": N_("minus"), "equal": "=", "period": ".", "question": "?", "Return": N_("Return"),
                     "BackSpace": N_("Backspace"), "KP_Enter": N_("Enter"), "Delete": N_("Delete"), "Escape": N_("Escape"),
                     "Left": N_("Left"), "Right": N_("Right")]
        parts.append(names[String(rest)].map(translate) ?? String(rest).uppercased())
        return parts.joined(separator: "+")
    }
}
