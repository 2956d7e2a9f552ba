import CGtk
import ScrawlRecognition

/// A small modal window asking for one line of text: a title, an entry holding `initial`, Cancel
/// and a suggested button that (like Return) hands the text to `done`.
enum TextPrompt {
    static func ask(parent: UnsafeMutablePointer<GtkWindow>, title: String, initial: String, confirm: String,
                    done: @escaping (String) -> Void) {
        let dialog = gtk_window_new()!
        gtk_window_set_title(dialog.cast(), title)
        gtk_window_set_transient_for(dialog.cast(), parent)
        gtk_window_set_modal(dialog.cast(), 1)
        gtk_window_set_default_size(dialog.cast(), 360, -1)
        let header = gtk_header_bar_new()!
        gtk_header_bar_set_show_title_buttons(header.opaque, 0)
        let cancel = gtk_button_new_with_mnemonic(tr("_Cancel"))!
        let accept = gtk_button_new_with_mnemonic(confirm)!
        gtk_widget_add_css_class(accept, "suggested-action")
        gtk_header_bar_pack_start(header.opaque, cancel)
        gtk_header_bar_pack_end(header.opaque, accept)
        gtk_window_set_titlebar(dialog.cast(), header)
        let entry = gtk_entry_new()!
        gtk_editable_set_text(entry.opaque, initial)
        gtk_entry_set_activates_default(entry.cast(), 1)
        for side in [gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start, gtk_widget_set_margin_end] {
            side(entry, 18)
        }
        gtk_window_set_child(dialog.cast(), entry)
        gtk_window_set_default_widget(dialog.cast(), accept)
        Signal.connect(cancel, "clicked", { gtk_window_destroy(dialog.cast()) })
        Signal.connect(accept, "clicked", {
            let text = String(cString: gtk_editable_get_text(entry.opaque))
            gtk_window_destroy(dialog.cast())
            done(text)
        })
        gtk_window_present(dialog.cast())
    }
}
