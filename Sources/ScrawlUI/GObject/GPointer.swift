import CGtk

/// Anything that is a pointer to a GObject instance, whichever way Swift imported its C type
/// (`UnsafeMutablePointer<GtkWidget>` for types with public structs, `OpaquePointer` for final types).
protocol GPointer {
    var raw: UnsafeMutableRawPointer { get }
}

extension UnsafeMutablePointer: GPointer {
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
        g_value_init(&v, GType(5 << 2))   // G_TYPE_BOOLEAN
        g_value_set_boolean(&v, value ? 1 : 0)
        g_object_set_property(object, property, &v)
        g_value_unset(&v)
    }
}
