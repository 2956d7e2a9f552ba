import CGtk
import ScrawlRecognition

/// Styling: the app's CSS, and following the desktop's dark-style preference
/// (`org.gnome.desktop.interface color-scheme`, when that schema is installed), live.
enum Theme {
    static let css = """
    .scrawl-digit { font-size: 88px; font-weight: 800; }
    .scrawl-number { font-size: 44px; font-weight: 800; }
    .scrawl-symbol { padding: 2px 6px; min-width: 0; }
    .scrawl-doubtful { color: @warning_color; }
    .scrawl-banner { padding: 8px 12px; border-bottom: 1px solid alpha(currentColor, 0.15); }
    .scrawl-teaching { border-bottom: none; border-top: 1px solid alpha(currentColor, 0.15); }
    .scrawl-model-button { min-height: 0; padding: 0 4px; margin: 0; }
    .scrawl-model-button > button { min-height: 0; padding: 0 6px; }
    .scrawl-error { background-color: mix(@theme_bg_color, @error_color, 0.2); }
    .scrawl-notice { background-color: mix(@theme_bg_color, @theme_selected_bg_color, 0.2); }
    """

    static func install() {
        if let icons = ResourceLocator.developmentIconFolder() {
            gtk_icon_theme_add_search_path(gtk_icon_theme_get_for_display(gdk_display_get_default()), icons)
        }
        let provider = gtk_css_provider_new()!
        gtk_css_provider_load_from_data(provider, css, -1)
        gtk_style_context_add_provider_for_display(gdk_display_get_default(), provider.opaque, UInt32(GTK_STYLE_PROVIDER_PRIORITY_APPLICATION))
        followColorScheme()
    }

    // Unsafe: set once at startup and read in its change signal, both on the GTK thread.
    nonisolated(unsafe) private static var settings: UnsafeMutablePointer<GSettings>?

    private static func followColorScheme() {
        guard let source = g_settings_schema_source_get_default(),
              let schema = g_settings_schema_source_lookup(source, "org.gnome.desktop.interface", 1) else { return }
        defer { g_settings_schema_unref(schema) }
        guard g_settings_schema_has_key(schema, "color-scheme") != 0 else { return }
        let s = g_settings_new("org.gnome.desktop.interface")!
        settings = s
        apply(s)
        Signal.connect(s, "changed::color-scheme", pointer: { _ in apply(s) })
    }

    private static func apply(_ s: UnsafeMutablePointer<GSettings>) {
        let scheme = takeGString(g_settings_get_string(s, "color-scheme")) ?? "default"
        if let gtkSettings = gtk_settings_get_default() {
            gtkSettings.set("gtk-application-prefer-dark-theme", scheme == "prefer-dark")
        }
    }
}
