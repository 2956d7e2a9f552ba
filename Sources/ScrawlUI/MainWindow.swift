import CGtk
import CGtkShim
import Foundation
import ScrawlRecognition

/// The main window: header bar, canvas, result panel. Every command is a `win.` action, wired to
/// its button, menu item and accelerator in ``ScrawlApp/accelerators`` and here, in one place.
final class MainWindow {
    let window: UnsafeMutablePointer<GtkWidget>
    let state: AppState
    private let actions: ActionGroup
    private let dialogs = FileDialogs()
    private let canvas: CanvasView
    private let panel: ResultPanel
    private let banner: UnsafeMutablePointer<GtkWidget>
    private let bannerLabel: UnsafeMutablePointer<GtkWidget>
    private var historyWindow: HistoryWindow?

    init(application: UnsafeMutablePointer<GtkApplication>, state: AppState) {
        self.state = state
        window = gtk_application_window_new(application)
        gtk_window_set_title(window.cast(), "Scrawl")
        gtk_window_set_default_size(window.cast(), 900, 660)
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
        let subtitle = gtk_label_new(state.recognizer?.displayName ?? "no model")!
        gtk_widget_add_css_class(subtitle, "subtitle")
        gtk_widget_set_tooltip_text(subtitle, state.recognizer?.source ?? "")
        gtk_box_append(titleBox.cast(), title)
        gtk_box_append(titleBox.cast(), subtitle)
        gtk_header_bar_set_title_widget(header.opaque, titleBox)
        for (icon, action, tip) in [("edit-undo-symbolic", "win.undo", "Undo (Ctrl+Z)"), ("edit-redo-symbolic", "win.redo", "Redo (Ctrl+Shift+Z)"),
                                    ("edit-clear-all-symbolic", "win.clear", "Clear (Delete)")] {
            let b = gtk_button_new_from_icon_name(icon)!
            gtk_actionable_set_action_name(b.opaque, action)
            gtk_widget_set_tooltip_text(b, tip)
            scrawl_accessible_set_label(b, String(tip.prefix { $0 != " " }))
            gtk_header_bar_pack_start(header.opaque, b)
        }
        let menuButton = gtk_menu_button_new()!
        gtk_menu_button_set_icon_name(menuButton.opaque, "open-menu-symbolic")
        gtk_menu_button_set_primary(menuButton.opaque, 1)
        gtk_widget_set_tooltip_text(menuButton, "Main Menu (F10)")
        gtk_menu_button_set_menu_model(menuButton.opaque, Self.primaryMenu())
        gtk_header_bar_pack_end(header.opaque, menuButton)
        let recognize = gtk_button_new_with_mnemonic("_Recognize")!
        gtk_actionable_set_action_name(recognize.opaque, "win.recognize")
        gtk_widget_add_css_class(recognize, "suggested-action")
        gtk_widget_set_tooltip_text(recognize, "Recognize the drawing (Return)")
        gtk_header_bar_pack_end(header.opaque, recognize)
        gtk_window_set_titlebar(window.cast(), header)

        // Body: a message banner over the canvas and the panel.
        let outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0)!
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
        gtk_widget_set_tooltip_text(dismiss, "Dismiss")
        Signal.connect(dismiss, "clicked", { [unowned state] in state.dismissMessage() })
        gtk_box_append(bannerBox.cast(), bannerLabel)
        gtk_box_append(bannerBox.cast(), dismiss)
        gtk_revealer_set_child(banner.opaque, bannerBox)
        let body = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18)!
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] {
            side(body, 18)
        }
        let frame = gtk_frame_new(nil)!
        gtk_frame_set_child(frame.cast(), canvas.widget)
        gtk_box_append(body.cast(), frame)
        gtk_box_append(body.cast(), panel.widget)
        // The banner floats over the top of the body, so showing a message never moves the canvas.
        let overlay = gtk_overlay_new()!
        gtk_overlay_set_child(overlay.opaque, body)
        gtk_widget_set_valign(banner, GTK_ALIGN_START)
        gtk_overlay_add_overlay(overlay.opaque, banner)
        gtk_widget_add_css_class(bannerBox, "background")
        gtk_box_append(outer.cast(), overlay)
        gtk_window_set_child(window.cast(), outer)

        canvas.onDropFile = { [unowned self] path in self.open(path: path) }
        installActions()
        state.observe { [weak self] in self?.update() }
    }

    static func primaryMenu() -> UnsafeMutablePointer<GMenuModel> {
        let menu = g_menu_new()!
        let file = g_menu_new()!
        g_menu_append(file, "_Open…", "win.open")
        g_menu_append(file, "_Save…", "win.save")
        let view = g_menu_new()!
        g_menu_append(view, "_History", "win.history")
        let help = g_menu_new()!
        g_menu_append(help, "_Keyboard Shortcuts", "win.show-help-overlay")
        g_menu_append(help, "_About Scrawl", "app.about")
        for section in [file, view, help] {
            g_menu_append_section(menu, nil, section.cast())
            g_object_unref(UnsafeMutableRawPointer(section))
        }
        return menu.cast()
    }

    private func installActions() {
        actions.add("undo") { [unowned self] in self.state.undo() }
        actions.add("redo") { [unowned self] in self.state.redo() }
        actions.add("clear") { [unowned self] in self.state.clear() }
        actions.add("recognize") { [unowned self] in self.state.recognize() }
        actions.add("open") { [unowned self] in self.dialogs.choosePNG(parent: self.window.cast()) { self.open(path: $0) } }
        actions.add("save") { [unowned self] in self.save() }
        actions.add("history") { [unowned self] in self.showHistory() }
        actions.add("correct") { [unowned self] in
            if let r = self.state.recognition { self.state.giveFeedback(rightDigit: r.answer ?? HistoryEntry.notADigit) }
        }
        actions.add("correct-to", int: { [unowned self] d in self.state.giveFeedback(rightDigit: Int(d)) })
        actions.add("pen-wider") { [unowned self] in self.state.penWidth = min(60, self.state.penWidth + 4) }
        actions.add("pen-thinner") { [unowned self] in self.state.penWidth = max(4, self.state.penWidth - 4) }
        actions.addToggle("live", initial: state.live) { [unowned self] on in self.state.live = on }
    }

    private func update() {
        let a = state.availability
        actions.setEnabled("undo", a.undo)
        actions.setEnabled("redo", a.redo)
        actions.setEnabled("clear", a.clear)
        actions.setEnabled("save", a.save)
        actions.setEnabled("recognize", a.recognize)
        actions.setEnabled("correct", a.feedback)
        actions.setEnabled("correct-to", a.feedback)
        if let m = state.message {
            gtk_label_set_text(bannerLabel.opaque, m.text)
            gtk_widget_remove_css_class(gtk_widget_get_parent(bannerLabel), m.isError ? "scrawl-notice" : "scrawl-error")
            gtk_widget_add_css_class(gtk_widget_get_parent(bannerLabel), m.isError ? "scrawl-error" : "scrawl-notice")
        }
        gtk_revealer_set_reveal_child(banner.opaque, state.message == nil ? 0 : 1)
    }

    func present() { gtk_window_present(window.cast()) }

    // MARK: - Commands

    /// Opens a PNG onto the canvas (undoable) and recognizes it (``AppState/open(path:)``).
    func open(path: String) { state.open(path: path) }

    private func save() {
        dialogs.chooseSaveLocation(parent: window.cast(), title: "Save Drawing", name: FileDialogs.timestampedName(),
                                   folder: FileDialogs.picturesFolder(), filter: ("PNG images", "image/png", "*.png")) { [unowned self] path in
            self.state.save(to: path)
        }
    }

    private func showHistory() {
        guard let store = state.history else {
            state.show(state.historyLoading ? "The history is still loading…" : "The history is unavailable.")
            return
        }
        if historyWindow == nil {
            historyWindow = HistoryWindow(state: state, store: store, parent: window.cast(), dialogs: dialogs,
                                          loadOntoCanvas: { [unowned self] path in self.open(path: path) })
        }
        historyWindow?.present()
    }
}
