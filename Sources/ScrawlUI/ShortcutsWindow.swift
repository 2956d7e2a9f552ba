import CGtk
import Foundation

/// The keyboard shortcuts window (Ctrl+?), built from GtkBuilder XML and set as the main window's
/// help overlay, which provides the `win.show-help-overlay` action.
enum ShortcutsWindow {
    static let groups: [(title: String, items: [(accel: String, title: String)])] = [
        ("Drawing", [("<Control>z", "Undo the last stroke"), ("<Control><Shift>z <Control>y", "Redo"),
                     ("Delete Escape", "Clear the canvas"), ("<Control>plus", "Thicker pen"), ("<Control>minus", "Thinner pen")]),
        ("Recognition", [("Return", "Recognize"), ("<Control>l", "Recognize as you draw on or off"),
                         ("<Control>Return", "Mark the answer correct"), ("<Control>0", "Mark it wrong: it is a 0 (… Ctrl+9)"),
                         ("<Control>period", "Mark it: not a digit"), ("<Control>i", "Improve the model from your corrections"),
                         ("<Control>t", "Teach a new model your handwriting")]),
        ("Files and windows", [("<Control>o", "Open a PNG"), ("<Control>s", "Save the drawing as PNG"), ("<Control>h", "History"),
                               ("<Control>question", "Keyboard shortcuts"), ("F10", "Main menu"), ("<Control>q", "Quit")]),
        ("History window", [("<Control>Return", "Load the selected drawing onto the canvas"), ("Delete", "Delete the selected entry"),
                            ("<Control>e", "Export the history as CSV"), ("<Control><Shift>Delete", "Clear the whole history"),
                            ("<Control>w", "Close the window")]),
    ]

    static func attach(to window: UnsafeMutablePointer<GtkWidget>) {
        var xml = #"<interface><object class="GtkShortcutsWindow" id="shortcuts"><property name="modal">1</property>"#
        xml += #"<child><object class="GtkShortcutsSection"><property name="section-name">main</property>"#
        for group in groups {
            xml += #"<child><object class="GtkShortcutsGroup"><property name="title">\#(escape(group.title))</property>"#
            for item in group.items {
                xml += #"<child><object class="GtkShortcutsShortcut"><property name="accelerator">\#(escape(item.accel))</property>"#
                xml += #"<property name="title">\#(escape(item.title))</property></object></child>"#
            }
            xml += "</object></child>"
        }
        xml += "</object></child></object></interface>"
        let builder = gtk_builder_new_from_string(xml, -1)!
        let shortcuts = gtk_builder_get_object(builder, "shortcuts")!
        gtk_application_window_set_help_overlay(window.cast(), OpaquePointer(shortcuts))
        g_object_unref(UnsafeMutableRawPointer(builder))
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
