import CGtk
import CGtkShim
import ScrawlRecognition

/// The drawing surface: a white sheet, 560 drawing units tall and scaled to the widget's height,
/// as wide as the widget allows in steps of a quarter of its height (a single digit gets the square
/// sheet it always had; a wider window gives a number room), never narrower than the drawing on
/// it. Mouse, touch and stylus draw through one GtkGestureDrag; right-click clears; a PNG dropped
/// on it is opened.
final class CanvasView {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let state: AppState
    private var current: Stroke?
    private var start = Point(0, 0)
    /// Asked to open a dropped file.
    var onDropFile: ((String) -> Void)?

    init(state: AppState) {
        self.state = state
        let area = gtk_drawing_area_new()!
        widget = area
        gtk_drawing_area_set_content_width(area.cast(), Int32(Drawing.side))
        gtk_drawing_area_set_content_height(area.cast(), Int32(Drawing.side))
        gtk_widget_set_hexpand(area, 1)
        gtk_widget_set_vexpand(area, 1)
        gtk_widget_set_focusable(area, 1)
        gtk_widget_set_cursor_from_name(area, "crosshair")
        scrawl_accessible_set_label(area, tr("Drawing canvas"))
        DrawFunction.set(area) { [unowned self] cr, w, h in self.draw(cr, Double(w), Double(h)) }

        let drag = gtk_gesture_drag_new()!
        gtk_gesture_single_set_button(drag.opaque, 1)   // primary button; touch and stylus report as primary
        Signal.connect(drag, "drag-begin", point: { [unowned self] x, y in self.begin(x, y) })
        Signal.connect(drag, "drag-update", point: { [unowned self] dx, dy in self.extend(dx, dy) })
        Signal.connect(drag, "drag-end", point: { [unowned self] dx, dy in self.end(dx, dy) })
        gtk_widget_add_controller(area, drag.opaque)

        let rightClick = gtk_gesture_click_new()!
        gtk_gesture_single_set_button(rightClick.opaque, 3)
        Signal.connect(rightClick, "pressed", click: { [unowned self] _, _, _ in self.state.clear() })
        gtk_widget_add_controller(area, rightClick.opaque)

        let drop = gtk_drop_target_new(g_file_get_type(), GDK_ACTION_COPY)!
        Signal.connect(drop, "drop", drop: { [unowned self] value, _, _ in
            guard let value, let file = g_value_get_object(value) else { return false }
            guard let path = takeGString(g_file_get_path(OpaquePointer(file))) else { return false }
            self.onDropFile?(path)
            return true
        })
        gtk_widget_add_controller(area, drop.opaque)

        state.observe { [weak self] in if let w = self?.widget { gtk_widget_queue_draw(w) } }
    }

    /// The sheet inside the widget: its width in drawing units, the scale to screen pixels and
    /// its top-left corner.
    private var layout: (width: Int, scale: Double, x: Double, y: Double) {
        let w = max(1, Double(gtk_widget_get_width(widget))), h = max(1, Double(gtk_widget_get_height(widget)))
        let quarters = max(4, min(16, Int(w / h * 4)))
        let width = max(quarters * Drawing.side / 4, state.document.drawing.width)
        let scale = min(h / Double(Drawing.side), w / Double(width))
        return (width, scale, (w - Double(width) * scale) / 2, (h - Double(Drawing.side) * scale) / 2)
    }

    private func toDocument(_ x: Double, _ y: Double) -> Point {
        let l = layout
        return Point((x - l.x) / l.scale, (y - l.y) / l.scale)
    }

    private func begin(_ x: Double, _ y: Double) {
        gtk_widget_grab_focus(widget)
        start = Point(x, y)
        current = Stroke(points: [toDocument(x, y)], width: state.penWidth)
        gtk_widget_queue_draw(widget)
    }

    private func extend(_ dx: Double, _ dy: Double) {
        guard current != nil else { return }
        let p = toDocument(start.x + dx, start.y + dy)
        if let last = current!.points.last, hypot(p.x - last.x, p.y - last.y) < 1.5 { return }
        current!.points.append(p)
        gtk_widget_queue_draw(widget)
    }

    private func end(_ dx: Double, _ dy: Double) {
        extend(dx, dy)
        guard let stroke = current else { return }
        current = nil
        state.addStroke(stroke, sheetWidth: layout.width)
    }

    /// In a number, the symbol whose button the pointer is over, else the selected one: its
    /// strokes in the accent blue, inside a soft box.
    private func highlightSelectedSymbol(_ cr: OpaquePointer, _ drawing: Drawing) {
        let shown = state.hoveredSymbol ?? state.selectedSymbol
        guard current == nil, let symbols = state.number?.symbols, symbols.indices.contains(shown) else { return }
        let part = symbols[shown]
        let b = part.box, pad = 6.0
        cairo_set_source_rgba(cr, 0.21, 0.52, 0.89, 0.12)
        cairo_rectangle(cr, b.x0 - pad, b.y0 - pad, b.width + 2 * pad, b.height + 2 * pad)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0.21, 0.52, 0.89)
        Rasterizer.trace(part.strokes.filter(drawing.strokes.indices.contains).map { drawing.strokes[$0] }, on: cr)
    }

    private func draw(_ cr: OpaquePointer, _ w: Double, _ h: Double) {
        let l = layout
        cairo_save(cr)
        cairo_rectangle(cr, l.x, l.y, Double(l.width) * l.scale, Double(Drawing.side) * l.scale)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_fill_preserve(cr)
        cairo_clip(cr)
        cairo_translate(cr, l.x, l.y)
        cairo_scale(cr, l.scale, l.scale)
        let drawing = state.document.drawing
        cairo_set_source_rgb(cr, 0, 0, 0)
        if let background = drawing.background { PaperPainter.paint(background, on: cr) }
        Rasterizer.trace(drawing.strokes + (current.map { [$0] } ?? []), on: cr)
        highlightSelectedSymbol(cr, drawing)
        cairo_restore(cr)
        if drawing.isEmpty && current == nil {
            cairo_set_source_rgba(cr, 0, 0, 0, 0.35)
            cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, 20)
            let text = tr("Draw a digit or a number here")
            var extents = cairo_text_extents_t()
            cairo_text_extents(cr, text, &extents)
            cairo_move_to(cr, w / 2 - extents.width / 2, h / 2)
            cairo_show_text(cr, text)
        }
    }
}
