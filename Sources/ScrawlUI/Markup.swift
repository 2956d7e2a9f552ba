import CGtk

/// Text made safe for Pango markup and GtkBuilder XML (GLib's `g_markup_escape_text`: a label
/// may be "<", a translated title may hold "&").
enum Markup {
    static func escaped(_ s: String) -> String {
        guard let escaped = g_markup_escape_text(s, -1) else { return "" }
        defer { g_free(escaped) }
        return String(cString: escaped)
    }
}
