import CCairo

/// Conversions between cairo image surfaces (premultiplied ARGB32, native-endian words) and RGBA bytes.
enum CairoSurface {
    /// Straight-alpha RGBA bytes of any image surface (converted to ARGB32 first if needed).
    static func rgba(of surface: OpaquePointer) throws -> RGBAImage {
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        var source = surface
        var converted: OpaquePointer?
        if cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32 && cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24 {
            converted = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))
            let cr = cairo_create(converted)
            cairo_set_source_surface(cr, surface, 0, 0)
            cairo_paint(cr)
            cairo_destroy(cr)
            source = converted!
        }
        defer { if let converted { cairo_surface_destroy(converted) } }
        cairo_surface_flush(source)
        let opaque = cairo_image_surface_get_format(source) == CAIRO_FORMAT_RGB24
        let stride = Int(cairo_image_surface_get_stride(source))
        guard let base = cairo_image_surface_get_data(source) else { throw PNGError.corrupt("no pixel data") }
        var out = [UInt8](repeating: 0, count: w * h * 4)
        for y in 0 ..< h {
            let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0 ..< w {
                let p = row[x]
                let a = opaque ? 255 : Int(p >> 24)
                var r = Int(p >> 16 & 255), g = Int(p >> 8 & 255), b = Int(p & 255)
                if a > 0 && a < 255 { r = r * 255 / a; g = g * 255 / a; b = b * 255 / a }
                let o = (y * w + x) * 4
                out[o] = UInt8(min(r, 255)); out[o + 1] = UInt8(min(g, 255)); out[o + 2] = UInt8(min(b, 255)); out[o + 3] = UInt8(a)
            }
        }
        return RGBAImage(width: w, height: h, rgba: out)
    }

    /// A new ARGB32 surface holding `image` (the caller destroys it).
    static func make(from image: RGBAImage) throws -> OpaquePointer {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PNGError.writeFailed("cairo could not allocate a \(image.width)x\(image.height) surface")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let base = cairo_image_surface_get_data(surface)!
        for y in 0 ..< image.height {
            let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0 ..< image.width {
                let o = (y * image.width + x) * 4
                let a = UInt32(image.rgba[o + 3])
                let r = UInt32(image.rgba[o]) * a / 255, g = UInt32(image.rgba[o + 1]) * a / 255, b = UInt32(image.rgba[o + 2]) * a / 255
                row[x] = a << 24 | r << 16 | g << 8 | b
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }
}
