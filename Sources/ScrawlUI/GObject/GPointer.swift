import CGtk
import CGtkShim

/// Anything that is a pointer to a GObject instance, whichever way Swift imported its C type
/// (`UnsafeMutablePointer<GtkWidget>` for types with public structs, `OpaquePointer` for final types).
protocol GPointer {
    var raw: UnsafeMutableRawPointer { get }
}

/// GTK and GLib instance structs Swift imports with their fields (their pointers are typed); a
/// pointer to anything else is not a GObject, so `cast()` and friends do not compile on it.
protocol GObjectStruct {}

extension GtkWidget: GObjectStruct {}
extension GtkWindow: GObjectStruct {}
extension GtkApplication: GObjectStruct {}
extension GtkCssProvider: GObjectStruct {}
extension GSettings: GObjectStruct {}
extension GSimpleActionGroup: GObjectStruct {}

extension UnsafeMutablePointer: GPointer where Pointee: GObjectStruct {
    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(self) }
}

extension OpaquePointer: GPointer {
    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(self) }
}

extension GPointer {
    /// The same instance as another C struct type (what `GTK_WIDGET (x)` and friends do in C).
    func cast<T>(_: T.Type = T.self) -> UnsafeMutablePointer<T> { raw.assumingMemoryBound(to: T.self) }
    /// The same instance as an opaque pointer, for final GTK types.
    var opaque: OpaquePointer { OpaquePointer(raw) }
    var widget: UnsafeMutablePointer<GtkWidget> { cast() }
    var object: UnsafeMutablePointer<GObject> { cast() }
    var window: UnsafeMutablePointer<GtkWindow> { cast() }

    /// Sets a boolean property by name.
    func set(_ property: String, _ value: Bool) {
        var v = GValue()
        g_value_init(&v, scrawl_type_boolean())
        g_value_set_boolean(&v, value ? 1 : 0)
        g_object_set_property(object, property, &v)
        g_value_unset(&v)
    }
}
