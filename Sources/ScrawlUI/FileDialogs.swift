import CGtk
import ScrawlRecognition
import Foundation

/// Open and save dialogs through GtkFileChooserNative (a portal when there is one). Each chooser
/// keeps the reference it was created with until its "response", as GTK requires, and releases it
/// after the handler has run.
final class FileDialogs {
    /// Asks for a PNG to open.
    func choosePNG(parent: UnsafeMutablePointer<GtkWindow>, title: String = tr("Open Drawing"), _ done: @escaping (String) -> Void) {
        let chooser = gtk_file_chooser_native_new(title, parent, GTK_FILE_CHOOSER_ACTION_OPEN, tr("_Open"), tr("_Cancel"))!
        Self.addFilter(to: chooser, name: tr("PNG images"), mime: "image/png", pattern: "*.png")
        run(chooser, done)
    }

    /// Asks where to save, suggesting `name` in `folder`. GTK 4's chooser asks before overwriting.
    func chooseSaveLocation(parent: UnsafeMutablePointer<GtkWindow>, title: String, name: String, folder: String?,
                            filter: (name: String, mime: String, pattern: String), _ done: @escaping (String) -> Void) {
        let chooser = gtk_file_chooser_native_new(title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, tr("_Save"), tr("_Cancel"))!
        Self.addFilter(to: chooser, name: filter.name, mime: filter.mime, pattern: filter.pattern)
        if let folder {
            let file = g_file_new_for_path(folder)
            gtk_file_chooser_set_current_folder(chooser, file, nil)
            g_object_unref(UnsafeMutableRawPointer(file))
        }
        gtk_file_chooser_set_current_name(chooser, name)
        run(chooser, done)
    }

    private func run(_ chooser: OpaquePointer, _ done: @escaping (String) -> Void) {
        gtk_native_dialog_set_modal(chooser.cast(), 1)
        Signal.connect(chooser, "response", int: { response in
            var path: String?
            if response == GTK_RESPONSE_ACCEPT.rawValue, let file = gtk_file_chooser_get_file(chooser) {
                path = takeGString(g_file_get_path(file))
                g_object_unref(UnsafeMutableRawPointer(file))
            }
            gtk_native_dialog_destroy(chooser.cast())
            MainThread.unrefWhenIdle(chooser)
            if let path { done(path) }
        })
        gtk_native_dialog_show(chooser.cast())
    }

    /// Adds a filter of one MIME type and pattern; the chooser takes its own reference.
    private static func addFilter(to chooser: OpaquePointer, name: String, mime: String, pattern: String) {
        let filter = gtk_file_filter_new()!
        gtk_file_filter_set_name(filter, name)
        gtk_file_filter_add_mime_type(filter, mime)
        gtk_file_filter_add_pattern(filter, pattern)
        gtk_file_chooser_add_filter(chooser, filter)
        g_object_unref(UnsafeMutableRawPointer(filter))
    }

    /// The user's Pictures folder (XDG), or the home folder when there is none.
    static func picturesFolder() -> String {
        if let dir = g_get_user_special_dir(G_USER_DIRECTORY_PICTURES) {
            let path = String(cString: dir)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        let fallback = homeFolder() + "/Pictures"
        return FileManager.default.fileExists(atPath: fallback) ? fallback : homeFolder()
    }

    /// GLib's idea of home (it honours `$HOME`; Foundation's `NSHomeDirectory` does not).
    static func homeFolder() -> String {
        g_get_home_dir().map { String(cString: $0) } ?? NSHomeDirectory()
    }

    /// `digit-YYYY-MM-DD_HH-MM-SS.png` for now.
    static func timestampedName(prefix: String = "digit", ext: String = "png", date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd_HH-mm-ss"
        return "\(prefix)-\(f.string(from: date)).\(ext)"
    }
}
