import CGtk
import CGtkShim
import Foundation
import ScrawlRecognition

/// "Teach a New Model": name the model and choose its labels (digits, letters, symbols: any short
/// texts) and how many drawings of each, and whether it keeps the base model's labels, then draw
/// each in turn on the window's own canvas ("Draw a 3", "2 of 5"), redoing the last one if it
/// went wrong; then the main window's state teaches the model in the background (its progress bar
/// and Cancel are in the main window) and selects it.
final class TeachWindow {
    let window: UnsafeMutablePointer<GtkWidget>
    private let main: AppState
    /// The drawing in progress, on this window's canvas (no model, no history).
    private let pad: AppState
    private let canvas: CanvasView
    private let actions: ActionGroup
    private let stack: UnsafeMutablePointer<GtkWidget>
    private let nameEntry: UnsafeMutablePointer<GtkWidget>
    private let labelsEntry: UnsafeMutablePointer<GtkWidget>
    /// On: the model answers the base's labels (the digits) besides the taught ones.
    private let keepCheck: UnsafeMutablePointer<GtkWidget>
    private let countSpin: UnsafeMutablePointer<GtkWidget>
    /// The model to start from: the built-in one or a personal model.
    private let baseDropDown: UnsafeMutablePointer<GtkWidget>
    private let bases: [String]
    private let setupError: UnsafeMutablePointer<GtkWidget>
    private let prompt: UnsafeMutablePointer<GtkWidget>
    private let counter: UnsafeMutablePointer<GtkWidget>
    private let nextButton: UnsafeMutablePointer<GtkWidget>
    /// The label of each drawing to ask for, in order, and the drawings so far.
    private var wanted: [String] = []
    private var drawings: [(label: String, drawing: Drawing)] = []
    private var name = ""

    init(main: AppState, parent: UnsafeMutablePointer<GtkWindow>) {
        self.main = main
        pad = AppState(recognizer: nil, history: nil, deliver: MainThread.async)
        pad.live = false
        canvas = CanvasView(state: pad)
        window = gtk_window_new()
        gtk_window_set_title(window.cast(), tr("Teach a New Model"))
        gtk_window_set_transient_for(window.cast(), parent)
        gtk_window_set_modal(window.cast(), 1)
        gtk_window_set_default_size(window.cast(), 520, 640)
        gtk_window_set_destroy_with_parent(window.cast(), 1)
        gtk_window_set_application(window.cast(), gtk_window_get_application(parent))
        let group = g_simple_action_group_new()!
        actions = ActionGroup(map: group)
        gtk_widget_insert_action_group(window, "teach", group.opaque)

        let header = gtk_header_bar_new()!
        gtk_window_set_titlebar(window.cast(), header)
        stack = gtk_stack_new()
        gtk_stack_set_transition_type(stack.opaque, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT)

        // Page 1: what to teach.
        let setup = gtk_grid_new()!
        gtk_grid_set_row_spacing(setup.cast(), 12)
        gtk_grid_set_column_spacing(setup.cast(), 12)
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] {
            side(setup, 24)
        }
        let intro = gtk_label_new(tr("Draw a few examples of each digit the way you write it, or of letters and symbols of your own. Scrawl teaches a copy of the model you start from your handwriting; that model stays as it is."))!
        gtk_label_set_wrap(intro.opaque, 1)
        gtk_label_set_xalign(intro.opaque, 0)
        gtk_grid_attach(setup.cast(), intro, 0, 0, 2, 1)
        nameEntry = gtk_entry_new()
        gtk_editable_set_text(nameEntry.opaque, AppState.unusedName(tr("My handwriting"), among: main.modelEntries.map(\.name)))
        labelsEntry = gtk_entry_new()
        gtk_editable_set_text(labelsEntry.opaque, "0 1 2 3 4 5 6 7 8 9")
        gtk_widget_set_tooltip_text(labelsEntry, tr("Digits, letters or symbols, separated by spaces: 0 1 2, or A B C, or + − ×"))
        keepCheck = gtk_check_button_new_with_mnemonic(tr("_Keep reading the base model's labels"))
        gtk_check_button_set_active(keepCheck.cast(), 1)
        gtk_widget_set_tooltip_text(keepCheck, tr("Off: the model answers only the labels above, and anything else as none of them"))
        countSpin = gtk_spin_button_new_with_range(2, 20, 1)
        gtk_spin_button_set_value(countSpin.opaque, 5)
        bases = [PersonalModelStore.builtInName] + main.modelEntries.compactMap { if case let .model(name, _) = $0 { return name } else { return nil } }
        baseDropDown = withCStringArray([tr("Built-in model")] + bases.dropFirst()) { gtk_drop_down_new_from_strings($0) }
        for (row, (label, widget)) in [(tr("_Name"), nameEntry), (tr("_Labels"), labelsEntry), (tr("_Examples of each"), countSpin),
                                       (tr("Start _from"), baseDropDown)].enumerated() {
            let l = gtk_label_new_with_mnemonic(label)!
            gtk_label_set_xalign(l.opaque, 1)
            gtk_label_set_mnemonic_widget(l.opaque, widget)
            gtk_widget_set_hexpand(widget, 1)
            gtk_grid_attach(setup.cast(), l, 0, Int32(row + 1), 1, 1)
            gtk_grid_attach(setup.cast(), widget, 1, Int32(row + 1), 1, 1)
        }
        gtk_grid_attach(setup.cast(), keepCheck, 1, 5, 1, 1)
        setupError = gtk_label_new("")
        gtk_widget_add_css_class(setupError, "error")
        gtk_label_set_wrap(setupError.opaque, 1)
        gtk_grid_attach(setup.cast(), setupError, 0, 6, 2, 1)
        let start = gtk_button_new_with_mnemonic(tr("_Start Drawing"))!
        gtk_widget_add_css_class(start, "suggested-action")
        gtk_widget_set_halign(start, GTK_ALIGN_END)
        gtk_actionable_set_action_name(start.opaque, Action.teachStart.rawValue)
        gtk_grid_attach(setup.cast(), start, 0, 7, 2, 1)
        gtk_entry_set_activates_default(labelsEntry.cast(), 1)
        gtk_entry_set_activates_default(nameEntry.cast(), 1)
        gtk_window_set_default_widget(window.cast(), start)

        // Page 2: one drawing at a time.
        let draw = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12)!
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] {
            side(draw, 18)
        }
        prompt = gtk_label_new("")
        gtk_widget_add_css_class(prompt, "title-1")
        counter = gtk_label_new("")
        gtk_widget_add_css_class(counter, "dim-label")
        let frame = gtk_frame_new(nil)!
        gtk_frame_set_child(frame.cast(), canvas.widget)
        gtk_widget_set_vexpand(frame, 1)
        let buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6)!
        let back = gtk_button_new_with_mnemonic(tr("_Redo Last"))!
        gtk_actionable_set_action_name(back.opaque, Action.teachBack.rawValue)
        gtk_widget_set_tooltip_text(back, Shortcuts.tooltip(.teachBack, tr("Draw the previous example again")))
        let clear = gtk_button_new_with_mnemonic(tr("C_lear"))!
        gtk_actionable_set_action_name(clear.opaque, Action.teachClear.rawValue)
        gtk_widget_set_tooltip_text(clear, Shortcuts.tooltip(.teachClear, tr("Clear the canvas")))
        nextButton = gtk_button_new_with_mnemonic(tr("_Next"))
        gtk_widget_add_css_class(nextButton, "suggested-action")
        gtk_actionable_set_action_name(nextButton.opaque, Action.teachNext.rawValue)
        gtk_widget_set_tooltip_text(nextButton, Shortcuts.tooltip(.teachNext, tr("Keep this drawing and go on")))
        gtk_widget_set_hexpand(clear, 1)
        gtk_widget_set_halign(clear, GTK_ALIGN_START)
        for b in [back, clear, nextButton] { gtk_box_append(buttons.cast(), b) }
        for w in [prompt, counter, frame, buttons] { gtk_box_append(draw.cast(), w) }

        gtk_stack_add_named(stack.opaque, setup, "setup")
        gtk_stack_add_named(stack.opaque, draw, "draw")
        gtk_window_set_child(window.cast(), stack)

        actions.add(.teachStart) { [unowned self] in self.start() }
        actions.add(.teachNext) { [unowned self] in self.next() }
        actions.add(.teachBack) { [unowned self] in self.back() }
        actions.add(.teachClear) { [unowned self] in self.pad.clear() }
        actions.add(.teachUndo) { [unowned self] in self.pad.undo() }
        pad.observe { [weak self] in self?.update() }
        update()
    }

    func present() { gtk_window_present(window.cast()) }

    /// Checks the name and the labels, then asks for the first drawing.
    private func start() {
        let name = String(cString: gtk_editable_get_text(nameEntry.opaque))
        let labels = String(cString: gtk_editable_get_text(labelsEntry.opaque)).split(whereSeparator: \.isWhitespace).map(String.init)
        gtk_spin_button_update(countSpin.opaque)   // a number typed but not yet taken (Return went to the window)
        let count = Int(gtk_spin_button_get_value_as_int(countSpin.opaque))
        var problem: String?
        do { try PersonalModelStore.validate(name: name) } catch { problem = "\(error)" }
        if problem == nil, main.modelEntries.contains(where: { $0.name == name }) { problem = tr("there is already a model called “{name}”", ["name": name]) }
        if problem == nil, labels.isEmpty || Set(labels).count != labels.count {
            problem = tr("list each label to teach once, separated by spaces")
        }
        if problem == nil { problem = labels.lazy.compactMap(OutputLabels.problem(with:)).first }
        if let problem {
            gtk_label_set_text(setupError.opaque, problem.prefix(1).uppercased() + problem.dropFirst() + ".")
            return
        }
        self.name = name
        wanted = labels.flatMap { Array(repeating: $0, count: count) }
        drawings = []
        gtk_stack_set_visible_child_name(stack.opaque, "draw")
        pad.clear()
        update()
        gtk_widget_grab_focus(canvas.widget)
    }

    /// Keeps the drawing on the canvas; after the last one, hands them all to be taught. On the
    /// first page (Return there), starts.
    private func next() {
        guard gtk_stack_get_visible_child_name(stack.opaque).map({ String(cString: $0) }) == "draw" else { return start() }
        guard drawings.count < wanted.count, !pad.document.drawing.isEmpty else { return }
        drawings.append((wanted[drawings.count], pad.document.drawing))
        if drawings.count == wanted.count {
            let chosen = Int(gtk_drop_down_get_selected(baseDropDown.opaque))
            main.teachNewModel(name: name, base: bases.indices.contains(chosen) ? bases[chosen] : PersonalModelStore.builtInName,
                               labels: gtk_check_button_get_active(keepCheck.cast()) != 0 ? .withBase : .taughtOnly, drawings: drawings)
            gtk_window_destroy(window.cast())
            return
        }
        pad.clear()
        update()
    }

    /// Drops the last drawing kept, to draw it again.
    private func back() {
        guard !drawings.isEmpty else { return }
        drawings.removeLast()
        pad.clear()
        update()
    }

    private func update() {
        let drawing = gtk_stack_get_visible_child_name(stack.opaque).map { String(cString: $0) } == "draw"
        actions.setEnabled(.teachStart, !drawing)
        actions.setEnabled(.teachNext, !drawing || !pad.document.drawing.isEmpty)
        actions.setEnabled(.teachBack, drawing && !drawings.isEmpty)
        actions.setEnabled(.teachClear, drawing && pad.document.canClear)
        actions.setEnabled(.teachUndo, drawing && pad.document.canUndo)
        guard drawing, drawings.count < wanted.count else { return }
        let label = wanted[drawings.count]
        let ofLabel = wanted.filter { $0 == label }.count
        let done = drawings.filter { $0.label == label }.count
        gtk_label_set_text(prompt.opaque, tr("Draw {label}", ["label": label]))
        gtk_label_set_text(counter.opaque, tr("{done} of {count} · drawing {drawing} of {drawings}",
                                              ["done": String(done + 1), "count": String(ofLabel), "drawing": String(drawings.count + 1),
                                               "drawings": String(wanted.count)]))
        gtk_button_set_label(nextButton.cast(), drawings.count + 1 == wanted.count ? tr("_Teach") : tr("_Next"))
        gtk_button_set_use_underline(nextButton.cast(), 1)
    }
}
