/// Text made safe for Pango markup and GtkBuilder XML: `&`, `<` and `>` escaped (a label may be
/// "<", a translated title may hold "&").
enum Markup {
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
