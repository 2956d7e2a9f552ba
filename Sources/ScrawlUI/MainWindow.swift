import CGtk
import CGtkShim
import Foundation
import ScrawlRecognition

/// The main window: header bar, canvas, result panel. Every command is a `win.` action (``Action``),
/// installed here and wired to its button and menu item; its keys are in ``Shortcuts/table``.
final class MainWindow {
    let window: UnsafeMutablePointer<GtkWidget>
    let state: AppState
    private let actions: ActionGroup
    private let dialogs = FileDialogs()
    /// The notice whose timer is running (``AppState/messageSerial``).
    private var fadingNotice = -1
    /// How long a notice stays up.
    private static let noticeMilliseconds: UInt32 = 6000
    private let canvas: CanvasView
    private let panel: ResultPanel
    private let banner: UnsafeMutablePointer<GtkWidget>
    private let bannerLabel: UnsafeMutablePointer<GtkWidget>
    private var historyWindow: HistoryWindow?
    /// The open Teach window, kept while it is shown.
    private var teachWindow: TeachWindow?
    /// The model picker: the model's name as the window's subtitle, a menu of the models.
    private let modelButton: UnsafeMutablePointer<GtkWidget>
    private let modelMenu: OpaquePointer
    /// One item of the model menu: what it says, the action it runs and the action's target.
    private struct MenuItem: Equatable {
        var label: String, action: Action, target: String? = nil
    }
    /// What the model menu shows: its sections' items, and the button's label.
    private var shownModels: (sections: [[MenuItem]], label: String)?
    /// The teaching bar, floating over the canvas's foot: what it is doing, progress, Stop.
    private let teachingBar: UnsafeMutablePointer<GtkWidget>
    private let teachingProgress: UnsafeMutablePointer<GtkWidget>
    private let teachingLabel: UnsafeMutablePointer<GtkWidget>

    init(application: UnsafeMutablePointer<GtkApplication>, state: AppState) {
        self.state = state
        window = gtk_application_window_new(application)
        gtk_window_set_title(window.cast(), "Scrawl")
        let size = state.windowSize
        gtk_window_set_default_size(window.cast(), Int32(size.width), Int32(size.height))
        if size.maximized { gtk_window_maximize(window.cast()) }
        gtk_window_set_icon_name(window.cast(), ScrawlApp.id)
        actions = ActionGroup(map: window)
        canvas = CanvasView(state: state)
        panel = ResultPanel(state: state)

        // Header bar: edit buttons on the left, title with the model, Recognize and the menu on the right.
        let header = gtk_header_bar_new()!
        let titleBox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0)!
        gtk_widget_set_valign(titleBox, GTK_ALIGN_CENTER)
        let title = gtk_label_new("Scrawl")!
        gtk_widget_add_css_class(title, "title")
        modelMenu = g_menu_new()
        modelButton = gtk_menu_button_new()
        gtk_menu_button_set_label(modelButton.opaque, state.modelTitle)
        gtk_menu_button_set_menu_model(modelButton.opaque, modelMenu.cast())
        gtk_widget_add_css_class(modelButton, "flat")
        gtk_widget_add_css_class(modelButton, "subtitle")
        gtk_widget_add_css_class(modelButton, "scrawl-model-button")
        gtk_widget_set_halign(modelButton, GTK_ALIGN_CENTER)
        scrawl_accessible_set_label(modelButton, tr("Model"))
        gtk_widget_set_tooltip_text(modelButton, tr("The model in use: choose another, improve, rename or delete it"))
        gtk_box_append(titleBox.cast(), title)
        gtk_box_append(titleBox.cast(), modelButton)
        gtk_header_bar_set_title_widget(header.opaque, titleBox)
        for (icon, action, tip) in [("edit-undo-symbolic", Action.undo, tr("Undo")), ("edit-redo-symbolic", Action.redo, tr("Redo")),
                                    ("edit-clear-all-symbolic", Action.clear, tr("Clear"))] {
            let b = gtk_button_new_from_icon_name(icon)!
            gtk_actionable_set_action_name(b.opaque, action.rawValue)
            gtk_widget_set_tooltip_text(b, Shortcuts.tooltip(action, tip))
            scrawl_accessible_set_label(b, tip)
            gtk_header_bar_pack_start(header.opaque, b)
        }
        let menuButton = gtk_menu_button_new()!
        gtk_menu_button_set_icon_name(menuButton.opaque, "open-menu-symbolic")
        gtk_menu_button_set_primary(menuButton.opaque, 1)
        gtk_widget_set_tooltip_text(menuButton, tr("Main Menu (F10)"))
        gtk_menu_button_set_menu_model(menuButton.opaque, Self.primaryMenu())
        gtk_header_bar_pack_end(header.opaque, menuButton)
        let recognize = gtk_button_new_with_mnemonic(tr("_Recognize"))!
        gtk_actionable_set_action_name(recognize.opaque, Action.recognize.rawValue)
        gtk_widget_add_css_class(recognize, "suggested-action")
        gtk_widget_set_tooltip_text(recognize, Shortcuts.tooltip(.recognize, tr("Recognize the drawing")))
        gtk_header_bar_pack_end(header.opaque, recognize)
        gtk_window_set_titlebar(window.cast(), header)

        // Body: the canvas, with a message banner and the teaching bar over it, and the panel.
        banner = gtk_revealer_new()
        let bannerBox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12)!
        gtk_widget_add_css_class(bannerBox, "scrawl-banner")
        bannerLabel = gtk_label_new("")
        gtk_label_set_wrap(bannerLabel.opaque, 1)
        gtk_label_set_xalign(bannerLabel.opaque, 0)
        gtk_label_set_selectable(bannerLabel.opaque, 1)
        gtk_widget_set_hexpand(bannerLabel, 1)
        let dismiss = gtk_button_new_from_icon_name("window-close-symbolic")!
        gtk_widget_add_css_class(dismiss, "flat")
        gtk_widget_set_tooltip_text(dismiss, tr("Dismiss"))
        Signal.connect(dismiss, "clicked", { [unowned state] in state.dismissMessage() })
        gtk_box_append(bannerBox.cast(), bannerLabel)
        gtk_box_append(bannerBox.cast(), dismiss)
        gtk_revealer_set_child(banner.opaque, bannerBox)
        teachingBar = gtk_revealer_new()
        gtk_revealer_set_transition_type(teachingBar.opaque, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP)
        let teachingBox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12)!
        gtk_widget_add_css_class(teachingBox, "scrawl-banner")
        gtk_widget_add_css_class(teachingBox, "scrawl-teaching")
        gtk_widget_add_css_class(teachingBox, "background")
        teachingLabel = gtk_label_new("")
        gtk_label_set_xalign(teachingLabel.opaque, 0)
        gtk_label_set_ellipsize(teachingLabel.opaque, PANGO_ELLIPSIZE_END)
        teachingProgress = gtk_progress_bar_new()
        let teachingStatus = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6)!
        gtk_widget_set_hexpand(teachingStatus, 1)
        gtk_widget_set_valign(teachingStatus, GTK_ALIGN_CENTER)
        gtk_box_append(teachingStatus.cast(), teachingLabel)
        gtk_box_append(teachingStatus.cast(), teachingProgress)
        let stop = gtk_button_new_with_mnemonic(tr("_Stop"))!
        gtk_actionable_set_action_name(stop.opaque, Action.cancelTeaching.rawValue)
        gtk_widget_set_valign(stop, GTK_ALIGN_CENTER)
        gtk_box_append(teachingBox.cast(), teachingStatus)
        gtk_box_append(teachingBox.cast(), stop)
        gtk_revealer_set_child(teachingBar.opaque, teachingBox)
        let body = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18)!
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] {
            side(body, 18)
        }
        let frame = gtk_frame_new(nil)!
        gtk_frame_set_child(frame.cast(), canvas.widget)
        // The banner floats over the top of the canvas and the teaching bar over its foot, so
        // showing either never moves the canvas under the pen, grows the window, nor hides the
        // answer beside it.
        let overlay = gtk_overlay_new()!
        gtk_overlay_set_child(overlay.opaque, frame)
        gtk_widget_set_valign(banner, GTK_ALIGN_START)
        gtk_overlay_add_overlay(overlay.opaque, banner)
        gtk_widget_set_valign(teachingBar, GTK_ALIGN_END)
        gtk_overlay_add_overlay(overlay.opaque, teachingBar)
        gtk_widget_add_css_class(bannerBox, "background")
        gtk_box_append(body.cast(), overlay)
        gtk_box_append(body.cast(), panel.widget)
        gtk_window_set_child(window.cast(), body)

        canvas.onDropFile = { [unowned self] path in self.open(path: path) }
        // Closing while a model is being taught asks first.
        for property in ["notify::default-width", "notify::default-height", "notify::maximized"] {
            Signal.connect(window, property, pointer: { [unowned self] _ in self.noteSize() })
        }
        Signal.connect(window, "close-request", returning: { [unowned self] in
            guard self.state.teaching != nil else { return false }
            self.confirmCloseWhileTeaching()
            return true
        })
        installActions()
        state.observe { [weak self] in self?.update() }
    }

    static func primaryMenu() -> UnsafeMutablePointer<GMenuModel> {
        let menu = g_menu_new()!
        let file = g_menu_new()!
        g_menu_append(file, tr("_Open…"), Action.open.rawValue)
        g_menu_append(file, tr("_Save…"), Action.save.rawValue)
        let edit = g_menu_new()!
        g_menu_append(edit, tr("_Copy Drawing"), Action.copy.rawValue)
        g_menu_append(edit, tr("_Paste Picture"), Action.paste.rawValue)
        let view = g_menu_new()!
        g_menu_append(view, tr("_History"), Action.history.rawValue)
        let help = g_menu_new()!
        g_menu_append(help, tr("_Keyboard Shortcuts"), Action.shortcuts.rawValue)
        g_menu_append(help, tr("_About Scrawl"), Action.about.rawValue)
        for section in [file, edit, view, help] {
            g_menu_append_section(menu, nil, section.cast())
            g_object_unref(UnsafeMutableRawPointer(section))
        }
        return menu.cast()
    }

    private func installActions() {
        actions.add(.undo) { [unowned self] in self.state.undo() }
        actions.add(.redo) { [unowned self] in self.state.redo() }
        actions.add(.clear) { [unowned self] in self.state.clear() }
        actions.add(.recognize) { [unowned self] in self.state.recognize() }
        actions.add(.open) { [unowned self] in self.dialogs.choosePNG(parent: self.window.cast()) { self.open(path: $0) } }
        actions.add(.save) { [unowned self] in self.save() }
        actions.add(.copy) { [unowned self] in self.state.copyDrawing() }
        actions.add(.paste) { [unowned self] in
            // The reply may come after the window has closed.
            Clipboard.readPicture(from: self.window) { [weak state = self.state] result in
                switch result {
                case let .success(p): state?.paste(premultipliedBGRA: p.pixels, width: p.width, height: p.height, stride: p.stride)
                case let .failure(failure): state?.show(failure.text)
                }
            }
        }
        actions.add(.history) { [unowned self] in self.showHistory() }
        actions.add(.correct) { [unowned self] in
            if let r = self.state.recognition { self.state.giveFeedback(rightLabel: r.answerLabel) }
        }
        actions.add(.correctTo, int: { [unowned self] d in self.state.giveFeedback(rightDigit: Int(d)) })
        actions.add(.correctToLabel, string: { [unowned self] label in self.state.giveFeedback(rightLabel: label) })
        actions.add(.typeNumber) { [unowned self] in self.askForNumber() }
        actions.add(.nextDigit) { [unowned self] in self.state.selectSymbol(self.state.selectedSymbol + 1) }
        actions.add(.previousDigit) { [unowned self] in self.state.selectSymbol(self.state.selectedSymbol - 1) }
        actions.add(.penWider) { [unowned self] in self.state.penWidth = min(60, self.state.penWidth + 4) }
        actions.add(.penThinner) { [unowned self] in self.state.penWidth = max(4, self.state.penWidth - 4) }
        actions.addToggle(.live, initial: state.live) { [unowned self] on in self.state.live = on }
        actions.addChoice(.model, initial: state.modelName ?? "") { [unowned self] name in self.state.selectModel(name.isEmpty ? nil : name) }
        actions.add(.brokenModel, string: { [unowned self] name in
            if case let .broken(_, reason)? = self.state.modelEntries.first(where: { $0.name == name }) {
                self.state.show(tr("The model {name} cannot be used: {reason}.", ["name": name, "reason": reason]))
            }
        })
        actions.add(.improve) { [unowned self] in self.state.improveModel() }
        actions.add(.teach) { [unowned self] in
            if self.teachWindow == nil {
                let teach = TeachWindow(main: self.state, parent: self.window.cast())
                Signal.connect(teach.window, "destroy", { [unowned self] in self.teachWindow = nil })
                self.teachWindow = teach
            }
            self.teachWindow?.present()
        }
        actions.add(.cancelTeaching) { [unowned self] in self.state.cancelTeaching() }
        actions.add(.renameModel) { [unowned self] in self.askForNewName() }
        actions.add(.deleteModel) { [unowned self] in self.confirmDeleteModel() }
    }

    /// Rebuilds the model menu when what it shows changed: its items (label, action, target) and
    /// the button's label. Improving a model changes its manifest but not the menu, so an open menu
    /// is left alone then.
    private func updateModelMenu() {
        actions.setState(.model, state.modelName ?? "")   // a refused switch puts the radio back
        let label = state.modelTitle
        var choices = [MenuItem(label: tr("Built-in Model"), action: .model, target: "")]
        for entry in state.modelEntries {
            switch entry {
            case let .model(name, _): choices.append(MenuItem(label: name, action: .model, target: name))
            case let .broken(name, _): choices.append(MenuItem(label: tr("{name} (broken)", ["name": name]), action: .brokenModel, target: name))
            }
        }
        let commands = [MenuItem(label: tr("_Teach a New Model…"), action: .teach),
                        MenuItem(label: state.modelName == nil ? tr("_Improve: Teach Your Corrections to a Copy") : tr("_Improve This Model"),
                                 action: .improve),
                        MenuItem(label: tr("_Rename Model…"), action: .renameModel), MenuItem(label: tr("_Delete Model…"), action: .deleteModel)]
        guard shownModels == nil || shownModels!.sections != [choices, commands] || shownModels!.label != label else { return }
        shownModels = ([choices, commands], label)
        gtk_menu_button_set_label(modelButton.opaque, label)
        g_menu_remove_all(modelMenu)
        for items in [choices, commands] {
            let section = g_menu_new()!
            for item in items {
                let menuItem = g_menu_item_new(item.label, nil)!
                g_menu_item_set_action_and_target_value(menuItem, item.action.rawValue, item.target.map { g_variant_new_string($0) })
                g_menu_append_item(section, menuItem)
                g_object_unref(UnsafeMutableRawPointer(menuItem))
            }
            g_menu_append_section(modelMenu, nil, section.cast())
            g_object_unref(UnsafeMutableRawPointer(section))
        }
    }

    /// Asks for the selected personal model's new name.
    private func askForNewName() {
        guard let old = state.modelName else { return }
        TextPrompt.ask(parent: window.cast(), title: tr("Rename Model"), initial: old, confirm: tr("_Rename")) { [unowned self] name in
            if name != old { self.state.renameModel(to: name) }
        }
    }

    /// "Wrong…" on a number: the whole number as it should read, typed.
    private func askForNumber() {
        guard let number = state.number, number.refusal == nil else { return }
        TextPrompt.ask(parent: window.cast(), title: tr("The Number Reads"), initial: state.entry?.numberCorrection ?? number.text,
                       confirm: tr("_Save")) { [unowned self] text in self.state.giveFeedback(numberText: text) }
    }

    /// Deletes the selected personal model after asking.
    private func confirmDeleteModel() {
        guard let name = state.modelName else { return }
        let examples = (try? state.models?.manifest(name))?.map { $0.examples } ?? 0
        ConfirmDialog.ask(parent: window.cast(), title: tr("Delete the model “{name}”?", ["name": name]),
                          detail: trn("Its {count} example is deleted with it. Scrawl goes back to the built-in model. This cannot be undone.",
                                      "Its {count} examples are deleted with it. Scrawl goes back to the built-in model. This cannot be undone.", examples),
                          confirm: tr("_Delete")) { [unowned self] in self.state.deleteModel() }
    }

    /// Asked when the window is closed while a model is being taught.
    private func confirmCloseWhileTeaching() {
        ConfirmDialog.ask(parent: window.cast(), type: GTK_MESSAGE_QUESTION, title: tr("Stop teaching and quit?"),
                          detail: tr("The model being taught stays as it was before."), cancel: tr("_Keep Teaching"), confirm: tr("_Stop and Quit")) {
            [unowned self] in
            self.state.cancelTeaching()
            gtk_window_destroy(self.window.cast())
        }
    }

    private func update() {
        let a = state.availability
        actions.setEnabled(.undo, a.undo)
        actions.setEnabled(.redo, a.redo)
        actions.setEnabled(.clear, a.clear)
        actions.setEnabled(.save, a.save)
        actions.setEnabled(.copy, a.save)
        if let png = state.takeCopiedPicture(), let failure = Clipboard.setPicture(png: png, on: window) {
            state.show(tr("The drawing could not be copied: {error}", ["error": failure]))
        }
        actions.setEnabled(.recognize, a.recognize)
        actions.setEnabled(.correct, a.feedback)
        actions.setEnabled(.correctTo, a.feedback)
        actions.setEnabled(.correctToLabel, a.feedback)
        actions.setEnabled(.typeNumber, a.feedback && state.number != nil)
        if let m = state.message {
            gtk_label_set_text(bannerLabel.opaque, m.text)
            gtk_widget_remove_css_class(gtk_widget_get_parent(bannerLabel), m.isError ? "scrawl-notice" : "scrawl-error")
            gtk_widget_add_css_class(gtk_widget_get_parent(bannerLabel), m.isError ? "scrawl-error" : "scrawl-notice")
        }
        gtk_revealer_set_reveal_child(banner.opaque, state.message == nil ? 0 : 1)
        // A notice ("Saved …", "Copied …") goes away by itself, as a GNOME toast does; an error
        // stays until it is closed.
        if let m = state.message, !m.isError, state.messageSerial != fadingNotice {
            let serial = state.messageSerial
            fadingNotice = serial
            MainThread.after(milliseconds: Self.noticeMilliseconds) { [weak self] in self?.state.dismissMessage(serial: serial) }
        }
        let personal = state.modelName != nil, teaching = state.teaching != nil
        actions.setEnabled(.improve, !teaching && state.history != nil && state.models != nil && state.recognizer != nil)
        actions.setEnabled(.teach, !teaching && state.models != nil)
        actions.setEnabled(.renameModel, personal && !teaching)
        actions.setEnabled(.deleteModel, personal && !teaching)
        actions.setEnabled(.cancelTeaching, teaching)
        actions.setEnabled(.model, !teaching)
        if let t = state.teaching {
            gtk_progress_bar_set_fraction(teachingProgress.opaque, t.fraction)
            let status = t.epochs == 0 ? tr("Teaching {model}…", ["model": t.model])
                : tr("Teaching {model}: epoch {epoch} of {epochs} · loss {loss} · {left} left",
                     ["model": t.model, "epoch": String(t.epoch), "epochs": String(t.epochs), "loss": Translation.decimal(t.loss, digits: 3),
                      "left": t.secondsLeft < 1 ? tr("under a second") : tr("{seconds} s", ["seconds": String(Int(t.secondsLeft.rounded()))])])
            gtk_label_set_text(teachingLabel.opaque, status)
        }
        gtk_revealer_set_reveal_child(teachingBar.opaque, state.teaching == nil ? 0 : 1)
        updateModelMenu()
    }

    func present() { gtk_window_present(window.cast()) }

    /// GTK keeps the default size at the size the person gave the window (the way GTK 4 asks
    /// apps to save it).
    private func noteSize() {
        var width: Int32 = 0, height: Int32 = 0
        gtk_window_get_default_size(window.cast(), &width, &height)
        state.windowResized(width: Int(width), height: Int(height), maximized: gtk_window_is_maximized(window.cast()) != 0)
    }

    // MARK: - Commands

    /// Opens a PNG onto the canvas (undoable) and recognizes it (``AppState/open(path:)``).
    func open(path: String) { state.open(path: path) }

    private func save() {
        dialogs.chooseSaveLocation(parent: window.cast(), title: tr("Save Drawing"), name: FileDialogs.timestampedName(),
                                   folder: FileDialogs.picturesFolder(), filter: (tr("PNG images"), "image/png", "*.png")) { [unowned self] path in
            self.state.save(to: path)
        }
    }

    private func showHistory() {
        guard let store = state.history else {
            state.show(state.historyLoading ? tr("The history is still loading…") : tr("The history is unavailable."))
            return
        }
        if historyWindow == nil {
            historyWindow = HistoryWindow(state: state, store: store, parent: window.cast(), dialogs: dialogs,
                                          loadOntoCanvas: { [unowned self] path in self.open(path: path) })
        }
        historyWindow?.present()
    }
}
