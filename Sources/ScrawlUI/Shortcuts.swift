/// Every keyboard shortcut, in one table: the action it runs, its keys (GTK accelerator syntax,
/// the first is the one shown), what the shortcuts window calls it and in which group. The
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

    static let drawing = "Drawing", recognition = "Recognition", models = "Models", files = "Files and windows"
    static let historyGroup = "History window", teachGroup = "Teach window"

    static let table: [Entry] = {
        func e(_ a: Action, _ keys: [String], _ title: String, _ group: String) -> Entry {
            Entry(action: a.rawValue, keys: keys, title: title, group: group)
        }
        var t: [Entry] = [
            e(.undo, ["<Control>z"], "Undo the last stroke", drawing), e(.redo, ["<Control><Shift>z", "<Control>y"], "Redo", drawing),
            e(.clear, ["Delete", "Escape"], "Clear the canvas", drawing),
            e(.penWider, ["<Control>plus", "<Control>equal"], "Thicker pen", drawing), e(.penThinner, ["<Control>minus"], "Thinner pen", drawing),
            e(.recognize, ["Return", "KP_Enter"], "Recognize", recognition),
            e(.live, ["<Control>l"], "Recognize as you draw on or off", recognition),
            e(.correct, ["<Control>Return"], "Mark the answer correct", recognition),
            e(.previousDigit, ["<Control>Left"], "In a number: the previous digit", recognition),
            e(.nextDigit, ["<Control>Right"], "In a number: the next digit", recognition),
        ]
        for d in 0 ... 9 {
            t.append(Entry(action: Action.correctTo.target(d), keys: ["<Control>\(d)"],
                           title: d == 0 ? "Mark it wrong: it is a 0 (… Ctrl+9)" : "Mark it wrong: it is a \(d)", group: recognition, listed: d == 0))
        }
        t += [
            Entry(action: Action.correctTo.target(-1), keys: ["<Control>period"], title: "Mark it: not a digit", group: recognition),
            e(.improve, ["<Control>i"], "Improve the model from your corrections", models),
            e(.teach, ["<Control>t"], "Teach a new model your handwriting", models),
            e(.open, ["<Control>o"], "Open a PNG", files), e(.save, ["<Control>s"], "Save the drawing as PNG", files),
            e(.history, ["<Control>h"], "History", files), e(.shortcuts, ["<Control>question"], "Keyboard shortcuts", files),
            e(.quit, ["<Control>q"], "Quit", files), e(.closeWindow, ["<Control>w"], "Close the window", files),
            e(.historyLoad, ["<Control>Return"], "Load the selected drawing onto the canvas", historyGroup),
            e(.historyDelete, ["Delete"], "Delete the selected entry", historyGroup),
            e(.historyExport, ["<Control>e"], "Export the history as CSV", historyGroup),
            e(.historyClearAll, ["<Control><Shift>Delete"], "Clear the whole history", historyGroup),
            e(.teachNext, ["Return", "KP_Enter"], "Keep the drawing and go on", teachGroup),
            e(.teachBack, ["<Control>BackSpace"], "Draw the previous example again", teachGroup),
            e(.teachClear, ["Delete", "Escape"], "Clear the canvas", teachGroup), e(.teachUndo, ["<Control>z"], "Undo the last stroke", teachGroup),
        ]
        return t
    }()

    /// The groups in the order they appear, each with its listed entries.
    static var groups: [(title: String, entries: [Entry])] {
        var order: [String] = []
        for entry in table where !order.contains(entry.group) { order.append(entry.group) }
        return order.map { g in (g, table.filter { $0.group == g && $0.listed }) }
    }

    /// A tooltip for `action`'s button: `text`, then its keys, e.g. "Undo (Ctrl+Z)".
    static func tooltip(_ action: Action, _ text: String) -> String {
        guard let entry = table.first(where: { $0.action == action.rawValue }) else { return text }
        return "\(text) (\(entry.keys.prefix(2).map(label).joined(separator: ", ")))"
    }

    /// How a key reads in README and tooltips: `<Control><Shift>z` → `Ctrl+Shift+Z`.
    static func label(_ accelerator: String) -> String {
        var rest = Substring(accelerator), parts: [String] = []
        while rest.hasPrefix("<"), let end = rest.firstIndex(of: ">") {
            let modifier = rest[rest.index(after: rest.startIndex) ..< end]
            parts.append(modifier == "Control" ? "Ctrl" : String(modifier))
            rest = rest[rest.index(after: end)...]
        }
        let names = ["plus": "plus", "minus": "minus", "equal": "=", "period": ".", "question": "?", "Return": "Return",
                     "BackSpace": "Backspace", "KP_Enter": "Enter", "Delete": "Delete", "Escape": "Escape", "Left": "Left", "Right": "Right"]
        parts.append(names[String(rest)] ?? String(rest).uppercased())
        return parts.joined(separator: "+")
    }
}
