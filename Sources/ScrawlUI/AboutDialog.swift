import CGtk
import ScrawlRecognition

/// The About window.
enum AboutDialog {
    static func present(parent: UnsafeMutablePointer<GtkWindow>?, modelName: String) {
        let about = gtk_about_dialog_new()!
        let d: OpaquePointer = about.opaque
        gtk_about_dialog_set_program_name(d, "Scrawl")
        gtk_about_dialog_set_logo_icon_name(d, ScrawlApp.id)
        gtk_about_dialog_set_version(d, ScrawlApp.version)
        gtk_about_dialog_set_comments(d, tr("Draw a digit or a number; Scrawl's own neural network, written in Swift, reads it.\nModel: {model}", ["model": modelName]))
        withCStringArray([tr("The Scrawl developers")]) { gtk_about_dialog_set_authors(d, $0) }
        gtk_about_dialog_set_copyright(d, tr("© 2026 The Scrawl developers"))
        // TRANSLATORS: your names, one per line, shown in the About window's credits.
        let translators = tr("translator-credits")
        if translators != "translator-credits" { gtk_about_dialog_set_translator_credits(d, translators) }
        gtk_window_set_transient_for(about.cast(), parent)
        gtk_window_set_modal(about.cast(), 1)
        gtk_window_present(about.cast())
    }
}
