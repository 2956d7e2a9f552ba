import CGtk

/// Sets a Swift closure as a GtkDrawingArea's draw function: `(cairo context, width, height)`.
enum DrawFunction {
    private final class Box {
        let body: (OpaquePointer, Int32, Int32) -> Void
        init(_ body: @escaping (OpaquePointer, Int32, Int32) -> Void) { self.body = body }
    }

    static func set(_ area: some GPointer, _ body: @escaping (OpaquePointer, Int32, Int32) -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        gtk_drawing_area_set_draw_func(area.cast(GtkDrawingArea.self), { _, cr, w, h, data in
            Unmanaged<Box>.fromOpaque(data!).takeUnretainedValue().body(cr!, w, h)
        }, box, { data in
            Unmanaged<Box>.fromOpaque(data!).release()
        })
    }
}
