import CGtk
import ScrawlRecognition
import CGtkShim

/// A question before something that cannot be undone: a message dialog with a safe default
/// button and a destructive one; `confirmed` runs only when the destructive one is chosen.
enum ConfirmDialog {
    static func ask(parent: UnsafeMutablePointer<GtkWindow>, type: GtkMessageType = GTK_MESSAGE_WARNING, title: String, detail: String,
                    cancel: String = tr("_Cancel"), confirm
: String, confirmed: @escaping () -> Void) {
        let dialog = scrawl_message_dialog_new(parent, type, GTK_BUTTONS_NONE, title, detail)!
        gtk_dialog_add_button(dialog.cast(), cancel, GTK_RESPONSE_CANCEL.rawValue)
        let button = gtk_dialog_add_button(dialog.cast(), confirm, GTK_RESPONSE_ACCEPT.rawValue)!
        gtk_widget_add_css_class(button, "destructive-action")
        gtk_dialog_set_default_response(dialog.cast(), GTK_RESPONSE_CANCEL.rawValue)
        Signal.connect(dialog, "response", int: { response in
            gtk_window_destroy(dialog.cast())
            if response == GTK_RESPONSE_ACCEPT.rawValue { confirmed() }
        })
        gtk_window_present(dialog.cast())
    }
}
