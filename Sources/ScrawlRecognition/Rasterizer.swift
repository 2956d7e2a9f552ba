import CCairo
import Foundation

/// Renders drawings with cairo: for display and saving (black ink on white paper), and for
/// recognition, where vector strokes are re-rendered at a pen width proportional to the digit's size
/// so a thin mouse line and a fat finger stroke reach the network alike.
public enum Rasterizer {
    /// Draws `strokes` on a cairo context: round caps and joins, smoothed through the midpoints
    /// of successive points with quadratic curves. Canvas points are scaled by `scale`, then moved by
    /// (`offsetX`, `offsetY`); `widthOverride` replaces every stroke's own (scaled) pen width.
    public static func trace(_ strokes: [Stroke], on cr: OpaquePointer, scale: Double = 1, offsetX: Double = 0,
                             offsetY: Double = 0, widthOverride: Double? = nil) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        for stroke in strokes where !stroke.points.isEmpty {
            let pts = stroke.points.map { (($0.x * scale) + offsetX, ($0.y * scale) + offsetY) }
            cairo_set_line_width(cr, widthOverride ?? stroke.width * scale)
            cairo_move_to(cr, pts[0].0, pts[0].1)
            if pts.count == 1 {
                cairo_line_to(cr, pts[0].0, pts[0].1)   // a dot: a zero-length segment with round caps
            } else if pts.count == 2 {
                cairo_line_to(cr, pts[1].0, pts[1].1)
            } else {
                for i in 1 ..< pts.count - 1 {
                    let mid = ((pts[i].0 + pts[i + 1].0) / 2, (pts[i].1 + pts[i + 1].1) / 2)
                    // Quadratic through pts[i] as control point, written as the equivalent cubic.
                    let (x0, y0) = currentPoint(cr)
                    cairo_curve_to(cr, x0 + 2 / 3 * (pts[i].0 - x0), y0 + 2 / 3 * (pts[i].1 - y0),
                                   mid.0 + 2 / 3 * (pts[i].0 - mid.0), mid.1 + 2 / 3 * (pts[i].1 - mid.1), mid.0, mid.1)
                }
                cairo_line_to(cr, pts[pts.count - 1].0, pts[pts.count - 1].1)
            }
            cairo_stroke(cr)
        }
    }

    private static func currentPoint(_ cr: OpaquePointer) -> (Double, Double) {
        var x = 0.0, y = 0.0
        cairo_get_current_point(cr, &x, &y)
        return (x, y)
    }

    /// The drawing as the user sees it: `side` pixels tall (its sheet's width in proportion),
    /// black ink on white, opaque.
    public static func renderForDisplay(_ drawing: Drawing, side: Int = Drawing.side) -> RGBAImage {
        RGBAImage(paper: renderInk(drawing, side: side))
    }

    /// Ink coverage of the whole drawing, `side` pixels tall and its sheet's width in proportion
    /// (strokes at their own widths, over the picture).
    public static func renderInk(_ drawing: Drawing, side: Int = Drawing.side) -> GrayImage {
        let scale = Double(side) / Double(Drawing.side)
        let width = max(1, Int((Double(drawing.width) * scale).rounded()))
        var ink = withA8Surface(width: width, height: side) { cr in trace(drawing.strokes, on: cr, scale: scale) }
        if let background = drawing.background {
            let bg = background.width == width && background.height == side ? background : fitted(background, width: width, height: side)
            ink.addInk(bg)
        }
        return ink
    }

    /// The image recognition works from. Pure strokes are re-rendered so the digit's longer side is
    /// the preprocessor's working size, with a pen that measures as MNIST's stroke width (no raster
    /// thinning needed, the same thickness a saved picture is normalised to); a drawing over a
    /// picture is rendered as seen and normalised as a raster.
    public static func recognitionInput(_ drawing: Drawing) -> Preprocessor.Result? {
        if drawing.background != nil || drawing.strokes.isEmpty {
            return Preprocessor.digitInput(from: renderInk(drawing))
        }
        guard let b = drawing.strokes.compactMap(\.bounds).reduce(nil as (Double, Double, Double, Double)?, { acc, s in
            guard let a = acc else { return s }
            return (min(a.0, s.0), min(a.1, s.1), max(a.2, s.2), max(a.3, s.3))
        }) else { return nil }
        let work = Double(Preprocessor.workingSide)
        let pen = Double(Preprocessor.targetStrokeFraction / Preprocessor.measuredWidthPerPen) * work
        // Fit the centre lines into (work - pen) so the inked extent is about `work`; a dot or a
        // straight line keeps the pen's proportion instead of being blown up.
        let extent = max(b.2 - b.0, b.3 - b.1, drawing.strokes.map(\.width).max() ?? 1)
        let scale = (work - pen) / extent
        let side = Int(work) + 4
        let offsetX = Double(side) / 2 - (b.0 + b.2) / 2 * scale, offsetY = Double(side) / 2 - (b.1 + b.3) / 2 * scale
        let ink = withA8Surface(side: side) { cr in
            trace(drawing.strokes, on: cr, scale: scale, offsetX: offsetX, offsetY: offsetY, widthOverride: pen)
        }
        return Preprocessor.digitInput(from: ink, normalizeThickness: false)
    }

    /// Fits `image` (any size) into a `side x side` square, centred, keeping its aspect ratio
    /// (the preprocessor's area-averaging resampler, over the whole image).
    public static func fitted(_ image: GrayImage, side: Int = Drawing.side) -> GrayImage {
        Preprocessor.fitted(image, crop: (0, 0, image.width, image.height), side: side)
    }

    /// Fits `image` into a `width x height` sheet, centred, keeping its aspect ratio.
    public static func fitted(_ image: GrayImage, width: Int, height: Int) -> GrayImage {
        if width == height { return fitted(image, side: width) }
        // The square the image's longer side spans once it fits, centred on the sheet: only the
        // square's empty margins can fall outside.
        let scale = min(Double(width) / Double(max(image.width, 1)), Double(height) / Double(max(image.height, 1)))
        let side = max(1, Int((Double(max(image.width, image.height)) * scale).rounded()))
        let square = fitted(image, side: side)
        var sheet = GrayImage(width: width, height: height, pixels: [Float](repeating: 0, count: width * height))
        let dx = (width - side) / 2, dy = (height - side) / 2
        for y in max(0, -dy) ..< min(side, height - dy) {
            for x in max(0, -dx) ..< min(side, width - dx) { sheet.pixels[(y + dy) * width + x + dx] = square.pixels[y * side + x] }
        }
        return sheet
    }

    /// Ink coverage of `strokes` at their own widths on a `width x height` sheet, in canvas
    /// coordinates (a number written wider than the square canvas, or saved as its own picture).
    public static func renderInk(_ strokes: [Stroke], width: Int, height: Int) -> GrayImage {
        withA8Surface(width: width, height: height) { cr in trace(strokes, on: cr) }
    }

    /// Runs `draw` on a cleared A8 surface with an opaque source and returns its coverage.
    static func withA8Surface(side: Int, _ draw: (OpaquePointer) -> Void) -> GrayImage {
        withA8Surface(width: side, height: side, draw)
    }

    static func withA8Surface(width: Int, height: Int, _ draw: (OpaquePointer) -> Void) -> GrayImage {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgba(cr, 0, 0, 0, 1)
        draw(cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var out = GrayImage(width: width, height: height)
        for y in 0 ..< height {
            for x in 0 ..< width { out[x, y] = Float(data[y * stride + x]) / 255 }
        }
        return out
    }
}
