import CGtk
import Foundation
import ScrawlRecognition

/// The keyboard shortcuts window (Ctrl+?), built from ``Shortcuts/table`` as GtkBuilder XML and set
/// as the main window's help overlay, which provides the `win.show-help-overlay` action.
enum ShortcutsWindow {
    static func attach(to window: UnsafeMutablePointer<GtkWidget>) {
        var xml = #"<interface><object class="GtkShortcutsWindow" id="shortcuts"><property name="modal">1</property>"#
        xml += #"<child><object class="GtkShortcutsSection"><property name="section-name">main</property>"#
        for group in Shortcuts.groups {
            xml += #"<child><object class="GtkShortcutsGroup"><property name="title">\#(Markup.escaped(tr(group.title)))</property>"#
            for item in group.entries {
                let accel = item.keys.filter { !$0.hasPrefix("KP_") && $0 != "<Control>equal" }.joined(separator: " ")
                xml += #"<child><object class="GtkShortcutsShortcut"><property name="accelerator">\#(Markup.escaped(accel))</property>"#
                xml += #"<property name="title">\#(Markup.escaped(tr(item.title)))</property></object></child>"#
            }
            xml += "</object></child>"
        }
        xml += "</object></child></object></interface>"
        let builder = gtk_builder_new_from_string(xml, -1)!
        let shortcuts = gtk_builder_get_object(builder, "shortcuts")!
        gtk_application_window_set_help_overlay(window.cast(), OpaquePointer(shortcuts))
        g_object_unref(UnsafeMutableRawPointer(builder))
    }
}
