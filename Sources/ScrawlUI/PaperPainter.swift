import CGtk
import ScrawlRecognition

/// Paints ink images (an opened picture, the network's 28x28 input) with cairo, caching the
/// surface of the last image so redraws during a stroke cost nothing.
enum PaperPainter {
    // Unsafe: painting happens only in GTK draw functions, on the GTK thread.
    nonisolated(unsafe) private static var cache: (image: GrayImage, surface: OpaquePointer)?

    /// `image` as black ink with its values as opacity, at 1 image pixel per user unit.
    static func paint(_ image: GrayImage, on cr: OpaquePointer, nearest: Bool = false) {
        let surface: OpaquePointer
        if let cached = cache, cached.image == image {
            surface = cached.surface
        } else {
            if let old = cache?.surface { cairo_surface_destroy(old) }
            surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(image.width), Int32(image.height))
            let stride = Int(cairo_image_surface_get_stride(surface))
            let data = cairo_image_surface_get_data(surface)!
            for y in 0 ..< image.height {
                for x in 0 ..< image.width { data[y * stride + x] = UInt8(max(0, min(255, image[x, y] * 255))) }
            }
            cairo_surface_mark_dirty(surface)
            cache = (image, surface)
        }
        let pattern = cairo_pattern_create_for_surface(surface)
        if nearest { cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST) }
        cairo_mask(cr, pattern)
        cairo_pattern_destroy(pattern)
    }
}
