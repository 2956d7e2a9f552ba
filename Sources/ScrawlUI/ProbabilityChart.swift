import CGtk
import Foundation

/// A bar chart of the probability of each of the model's labels (the ten digits, or a personal
/// model's own), and of "not a digit" (labelled ✗) for models that have it, drawn with cairo in
/// the theme's text colour, the answer in the accent colour. Labels too wide for their bar are
/// drawn smaller.
enum ProbabilityChart {
    static func draw(_ cr: OpaquePointer, width: Double, height: Double, probabilities: [Float]?, labels: [String], text: GdkRGBA) {
        let labelHeight = 18.0
        let bars = labels.count
        let slot = width / Double(max(1, bars))
        let barWidth = slot * 0.62
        let top = probabilities.flatMap { p in p.indices.max { p[$0] < p[$1] } }
        cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for d in 0 ..< bars {
            let x = Double(d) * slot + (slot - barWidth) / 2
            let p = Double(probabilities?[d] ?? 0)
            let full = height - labelHeight - 4
            // Track
            cairo_set_source_rgba(cr, Double(text.red), Double(text.green), Double(text.blue), 0.1)
            cairo_rectangle(cr, x, 0, barWidth, full)
            cairo_fill(cr)
            // Bar
            if d == top {
                cairo_set_source_rgb(cr, 0.21, 0.52, 0.89)
            } else {
                cairo_set_source_rgba(cr, Double(text.red), Double(text.green), Double(text.blue), 0.55)
            }
            let h = max(p * full, p > 0 ? 1 : 0)
            cairo_rectangle(cr, x, full - h, barWidth, h)
            cairo_fill(cr)
            // Label
            cairo_set_source_rgba(cr, Double(text.red), Double(text.green), Double(text.blue), Double(text.alpha))
            let label = labels[d]
            var extents = cairo_text_extents_t()
            cairo_set_font_size(cr, 12)
            cairo_text_extents(cr, label, &extents)
            if extents.x_advance > slot - 1 {
                cairo_set_font_size(cr, max(5, 12 * (slot - 1) / extents.x_advance))
                cairo_text_extents(cr, label, &extents)
            }
            cairo_move_to(cr, Double(d) * slot + slot / 2 - extents.width / 2 - extents.x_bearing, height - 4)
            cairo_show_text(cr, label)
        }
    }
}
