import CGtk
import CGtkShim
import Foundation
import ScrawlRecognition

/// The history window: every recognition, newest first, in a GtkListView (rows are bound lazily,
/// so thousands of entries open at once and thumbnails load only when scrolled into view), the
/// selected one large beside it, and commands to load it back, delete it, clear all, export CSV.
/// Deleting, clearing and exporting go through the window's ``AppState`` (off the GTK thread);
/// the list follows the state's history revision.
final class HistoryWindow {
    let window: UnsafeMutablePointer<GtkWidget>
    private let state: AppState
    private let store: HistoryStore
    private let dialogs: FileDialogs
    private let loadOntoCanvas: (String) -> Void
    private let list: OpaquePointer          // GtkStringList of entry ids, newest first
    private let selection: OpaquePointer     // GtkSingleSelection
    private let stack: UnsafeMutablePointer<GtkWidget>
    private let picture: UnsafeMutablePointer<GtkWidget>
    private let details: UnsafeMutablePointer<GtkWidget>
    private let status: UnsafeMutablePointer<GtkWidget>
    private let actions: ActionGroup
    private var byID: [String: HistoryEntry] = [:]
    private var ids: [String] = []
    /// The state's history revision and status the list last showed.
    private var shown: (revision: Int, status: AppState.Message?) = (-1, nil)

    init(state: AppState, store: HistoryStore, parent: UnsafeMutablePointer<GtkWindow>, dialogs: FileDialogs,
         loadOntoCanvas: @escaping (String) -> Void) {
        self.state = state
        self.store = store
        self.dialogs = dialogs
        self.loadOntoCanvas = loadOntoCanvas
        window = gtk_window_new()
        gtk_window_set_title(window.cast(), tr("History"))
        gtk_window_set_transient_for(window.cast(), parent)
        gtk_window_set_default_size(window.cast(), 820, 560)
        gtk_window_set_hide_on_close(window.cast(), 1)
        gtk_window_set_destroy_with_parent(window.cast(), 1)   // closing the main window ends the app
        gtk_window_set_application(window.cast(), gtk_window_get_application(parent))

        let group = g_simple_action_group_new()!
        actions = ActionGroup(map: group)
        gtk_widget_insert_action_group(window, "history", group.opaque)

        let header = gtk_header_bar_new()!
        for (label, action, tip) in [(tr("_Load onto Canvas"), Action.historyLoad, tr("Put this drawing back on the canvas")),
                                     (tr("_Delete"), Action.historyDelete, tr("Delete this entry"))] {
            let b = gtk_button_new_with_mnemonic(label)!
            gtk_actionable_set_action_name(b.opaque, action.rawValue)
            gtk_widget_set_tooltip_text(b, Shortcuts.tooltip(action, tip))
            gtk_header_bar_pack_start(header.opaque, b)
        }
        let clearAll = gtk_button_new_with_mnemonic(tr("C_lear All…"))!
        gtk_actionable_set_action_name(clearAll.opaque, Action.historyClearAll.rawValue)
        gtk_widget_add_css_class(clearAll, "destructive-action")
        gtk_header_bar_pack_end(header.opaque, clearAll)
        let export = gtk_button_new_with_mnemonic(tr("_Export CSV…"))!
        gtk_actionable_set_action_name(export.opaque, Action.historyExport.rawValue)
        gtk_widget_set_tooltip_text(export, Shortcuts.tooltip(.historyExport, tr("Save every entry as a CSV file")))
        gtk_header_bar_pack_end(header.opaque, export)
        gtk_window_set_titlebar(window.cast(), header)

        // List.
        list = gtk_string_list_new(nil)
        selection = gtk_single_selection_new(list)
        let factory = gtk_signal_list_item_factory_new()!
        let listView = gtk_list_view_new(selection, factory)!
        let scroller = gtk_scrolled_window_new()!
        gtk_scrolled_window_set_child(scroller.opaque, listView)
        gtk_scrolled_window_set_policy(scroller.opaque, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        gtk_widget_set_size_request(scroller, 280, -1)

        // Detail.
        picture = gtk_picture_new()
        gtk_picture_set_can_shrink(picture.opaque, 1)
        gtk_widget_set_vexpand(picture, 1)
        gtk_widget_set_hexpand(picture, 1)
        details = gtk_label_new("")
        gtk_label_set_xalign(details.opaque, 0)
        gtk_label_set_selectable(details.opaque, 1)
        gtk_label_set_wrap(details.opaque, 1)
        let detailBox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12)!
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] { side(detailBox, 18) }
        gtk_box_append(detailBox.cast(), picture)
        gtk_box_append(detailBox.cast(), details)
        let paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL)!
        gtk_paned_set_start_child(paned.opaque, scroller)
        gtk_paned_set_end_child(paned.opaque, detailBox)
        gtk_paned_set_shrink_start_child(paned.opaque, 0)
        // A set position: left to the children's natural widths, the divider would move with
        // each selected entry's description.
        gtk_paned_set_position(paned.opaque, 400)

        let empty = gtk_label_new(tr("No recognitions yet.\nDraw a digit or a number in the main window; each one is recorded here."))!
        gtk_label_set_justify(empty.opaque, GTK_JUSTIFY_CENTER)
        gtk_widget_add_css_class(empty, "dim-label")
        stack = gtk_stack_new()
        gtk_stack_add_named(stack.opaque, paned, "list")
        gtk_stack_add_named(stack.opaque, empty, "empty")

        status = gtk_label_new("")
        gtk_label_set_xalign(status.opaque, 0)
        gtk_label_set_wrap(status.opaque, 1)
        gtk_widget_add_css_class(status, "scrawl-banner")
        let outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0)!
        gtk_widget_set_vexpand(stack, 1)
        gtk_box_append(outer.cast(), status)
        gtk_box_append(outer.cast(), stack)
        gtk_window_set_child(window.cast(), outer)

        Signal.connect(factory, "setup", object: { item in Self.setupRow(OpaquePointer(item!)) })
        Signal.connect(factory, "bind", object: { [unowned self] item in self.bindRow(OpaquePointer(item!)) })
        Signal.connect(selection, "notify::selected", pointer: { [unowned self] _ in self.showSelected() })

        actions.add(.historyLoad) { [unowned self] in if let e = self.selected { self.loadOntoCanvas(self.store.drawingPath(e)) } }
        actions.add(.historyDelete) { [unowned self] in self.deleteSelected() }
        actions.add(.historyExport) { [unowned self] in self.exportCSV() }
        actions.add(.historyClearAll) { [unowned self] in self.confirmClearAll() }
        state.observe { [weak self] in self?.stateChanged() }
    }

    /// Refreshes the list when the history changed or an operation finished, while shown.
    private func stateChanged() {
        guard isVisible, shown.revision != state.historyRevision || shown.status != state.historyStatus else { return }
        refresh()
    }

    var isVisible: Bool { gtk_widget_get_visible(window) != 0 }

    func present() {
        refresh()
        gtk_window_present(window.cast())
    }

    private var selected: HistoryEntry? {
        let i = Int(gtk_single_selection_get_selected(selection))
        return i < ids.count ? byID[ids[i]] : nil
    }

    /// Re-reads the store's entries into the list, keeping the selection when it still exists.
    func refresh() {
        shown = (state.historyRevision, state.historyStatus)
        let entries = store.entries
        let newByID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let newIDs = entries.reversed().map(\.id)
        let keep = selected?.id
        if newIDs != ids {
            let old = ids.count
            ids = newIDs
            byID = newByID
            withCStringArray(newIDs) { gtk_string_list_splice(list, 0, UInt32(old), $0) }
        } else {
            // Same entries, some changed (a correction, a refined answer): their rows are
            // replaced by equal items, which makes the list view bind them again.
            let changed = HistoryRows.changedPositions(ids: ids, old: byID, new: newByID)
            byID = newByID
            for i in changed { withCStringArray([ids[i]]) { gtk_string_list_splice(list, UInt32(i), 1, $0) } }
        }
        let index = keep.flatMap { newIDs.firstIndex(of: $0) } ?? 0
        if !newIDs.isEmpty && Int(gtk_single_selection_get_selected(selection)) != index {
            gtk_single_selection_set_selected(selection, UInt32(index))
        }
        gtk_stack_set_visible_child_name(stack.opaque, ids.isEmpty ? "empty" : "list")
        let enabled = !ids.isEmpty && store.readOnlyReason == nil
        actions.setEnabled(.historyLoad, !ids.isEmpty)
        for a in [Action.historyDelete, .historyClearAll] { actions.setEnabled(a, enabled) }
        actions.setEnabled(.historyExport, !ids.isEmpty)
        var notes: [String] = []
        if let r = store.readOnlyReason { notes.append(r) }
        if !store.damagedLines.isEmpty { notes.append(trn("{count} damaged line could not be read and is not shown.", "{count} damaged lines could not be read and are not shown.",
                                                          store.damagedLines.count)) }
        if let status = state.historyStatus, notes.isEmpty {
            setStatus(status.text, isError: status.isError)
        } else {
            setStatus((notes + [state.historyStatus?.text].compactMap { $0 }).joined(separator: " "), isError: true)
        }
        showSelected()
    }

    private func setStatus(_ text: String, isError: Bool) {
        gtk_label_set_text(status.opaque, text)
        gtk_widget_set_visible(status, text.isEmpty ? 0 : 1)
        gtk_widget_remove_css_class(status, "scrawl-error")
        gtk_widget_remove_css_class(status, "scrawl-notice")
        gtk_widget_add_css_class(status, isError ? "scrawl-error" : "scrawl-notice")
    }

    /// A recorded number's symbols, and those of them that are no digit ("?"): "7?" holds one of two.
    private static func symbols(of number: String) -> (unread: Int, count: Int) {
        let symbols = number.filter { $0 != "." && $0 != " " }
        return (symbols.filter { $0 == "?" }.count, symbols.count)
    }

    private func showSelected() {
        guard let e = selected else {
            gtk_picture_set_filename(picture.opaque, nil)
            gtk_label_set_text(details.opaque, "")
            return
        }
        let path = store.drawingPath(e)
        gtk_picture_set_filename(picture.opaque, FileManager.default.fileExists(atPath: path) ? path : nil)
        let percent = Translation.percent(e.confidence)
        let answer = e.number.map { number in
            let (unread, count) = Self.symbols(of: number)
            return ResultPanel.noDigits(unread, of: count).map { tr("Read as {number}: {summary}", ["number": number, "summary": $0]) }
                ?? tr("Read as the number {number}, {percent} sure of every digit", ["number": number, "percent": percent])
        }
            ?? (e.isDigit ? tr("Recognized as {digit}, {percent} confident", ["digit": e.text(e.digit), "percent": percent])
                : e.labels == nil ? tr("Not a digit, {percent} sure (nearest digit: {digit})", ["digit": e.text(e.digit), "percent": percent])
                : tr("None of the model's labels, {percent} sure (nearest: {label})", ["label": e.text(e.digit), "percent": percent]))
        var lines = [answer, Translation.dateTime(e.time), tr("Model: {model}", ["model": e.model])]
        if let number = e.number, let c = e.numberCorrection {
            lines.append(c == number ? tr("You marked it correct.") : tr("You said it reads {number}.", ["number": c]))
        } else if let c = e.correction {
            let wrong = c != HistoryEntry.notADigit ? tr("You said it is a {digit}.", ["digit": e.text(c)])
                : e.labels == nil ? tr("You said it is not a digit.") : tr("You said it is none of the model's labels.")
            lines.append(c == e.answer ? tr("You marked it correct.") : wrong)
        }
        if !FileManager.default.fileExists(atPath: path) { lines.append(tr("The drawing file is missing.")) }
        gtk_label_set_text(details.opaque, lines.joined(separator: "\n"))
    }

    private static func setupRow(_ item: OpaquePointer) {
        let row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12)!
        gtk_widget_set_margin_top(row, 4)
        gtk_widget_set_margin_bottom(row, 4)
        let thumb = gtk_picture_new()!
        gtk_picture_set_can_shrink(thumb.opaque, 1)
        gtk_widget_set_size_request(thumb, 56, 56)
        let text = gtk_label_new("")!
        gtk_label_set_xalign(text.opaque, 0)
        gtk_label_set_use_markup(text.opaque, 1)
        gtk_box_append(row.cast(), thumb)
        gtk_box_append(row.cast(), text)
        gtk_list_item_set_child(item, row)
    }

    private func bindRow(_ item: OpaquePointer) {
        guard let object = gtk_list_item_get_item(item), let row = gtk_list_item_get_child(item) else { return }
        let id = String(cString: gtk_string_object_get_string(OpaquePointer(object)))
        guard let e = byID[id], let thumb = gtk_widget_get_first_child(row), let text = gtk_widget_get_next_sibling(thumb) else { return }
        // The small thumbnail; entries from before thumbnails existed fall back to the drawing.
        let small = store.thumbnailPath(e), large = store.drawingPath(e)
        let path = FileManager.default.fileExists(atPath: small) ? small : FileManager.default.fileExists(atPath: large) ? large : nil
        gtk_picture_set_filename(thumb.opaque, path)
        // A number reading with no digit in it shows ✗, as the result panel does.
        let shown = e.number.map { number -> String in
            let symbols = Self.symbols(of: number)
            return symbols.unread == symbols.count ? "✗" : number
        } ?? (e.isDigit ? e.text(e.digit) : "✗")
        var markup = "<b><big>\(Markup.escaped(shown))</big></b>  " + Translation.percent(e.confidence, digits: 0)
        if let number = e.number, let c = e.numberCorrection {
            markup += c == number ? "  ✓" : "  → \(c)"
        } else if let c = e.correction { markup += c == e.answer ? "  ✓" : "  → \(c == HistoryEntry.notADigit ? "✗" : Markup.escaped(e.text(c)))" }
        markup += "\n<small>\(Markup.escaped(Translation.dateTime(e.time)))</small>"
        gtk_label_set_markup(text.opaque, markup)
    }

    private func deleteSelected() {
        guard let e = selected else { return }
        state.deleteHistoryEntries(ids: [e.id])
    }

    private func confirmClearAll() {
        ConfirmDialog.ask(parent: window.cast(), title: trn("Delete the {count} history entry?", "Delete all {count} history entries?", ids.count),
                          detail: tr("Their drawings are deleted too. This cannot be undone."), confirm: tr("_Delete All")) { [unowned self] in
            self.state.clearHistory()
        }
    }

    private func exportCSV() {
        dialogs.chooseSaveLocation(parent: window.cast(), title: tr("Export History"), name: FileDialogs.timestampedName(prefix: "scrawl-history", ext: "csv"),
                                   folder: FileDialogs.homeFolder(), filter: (tr("CSV files"), "text/csv", "*.csv")) { [unowned self] path in
            self.state.exportHistory(to: path)
        }
    }
}
