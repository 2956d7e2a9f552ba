import CGtk
import Foundation
import ScrawlRecognition

/// Pictures on the desktop's clipboard, through GDK: a texture goes on it (other apps may take it
/// as PNG or any format GDK offers), and a texture comes off it, whatever format the app that
/// copied it offered.
enum Clipboard {
    /// A picture read off the clipboard, as ``AppState/paste(premultipliedBGRA:width:height:stride:)`` takes it.
    struct Picture {
        var pixels: [UInt8]
        var width: Int, height: Int, stride: Int
    }

    /// Puts the PNG `png` on `widget`'s clipboard; nil, or what went wrong.
    static func setPicture(png: Data, on widget: UnsafeMutablePointer<GtkWidget>) -> String? {
        let bytes = png.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let texture = gdk_texture_new_from_bytes(bytes, &error) else { return take(error) }
        gdk_clipboard_set_texture(gtk_widget_get_clipboard(widget), texture)
        g_object_unref(UnsafeMutableRawPointer(texture))
        return nil
    }

    /// Reads a picture off `widget`'s clipboard and hands it (or why there is none) to `then` on
    /// the GTK thread. A picture over ``PNGCodec/maxPixels`` is refused before it is unpacked.
    static func readPicture(from widget: UnsafeMutablePointer<GtkWidget>, then: @escaping (Result<Picture, Failure>) -> Void) {
        let box = Unmanaged.passRetained(Reply(then)).toOpaque()
        gdk_clipboard_read_texture_async(gtk_widget_get_clipboard(widget), nil, { source, result, data in
            let reply = Unmanaged<Reply>.fromOpaque(data!).takeRetainedValue()
            let clipboard = OpaquePointer(source)
            var error: UnsafeMutablePointer<GError>?
            guard let texture = gdk_clipboard_read_texture_finish(clipboard, result, &error) else {
                let reason = Clipboard.take(error) ?? ""
                return reply.body(.failure(Clipboard.offersPicture(gdk_clipboard_get_formats(clipboard)) ? .unreadable(reason) : .noPicture))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(texture)) }
            let (width, height) = (Int(gdk_texture_get_width(texture)), Int(gdk_texture_get_height(texture)))
            guard width * height <= PNGCodec.maxPixels else {
                return reply.body(.failure(.tooLarge(width: width, height: height)))
            }
            let stride = width * 4
            var pixels = [UInt8](repeating: 0, count: stride * height)
            pixels.withUnsafeMutableBufferPointer { gdk_texture_download(texture, $0.baseAddress, gsize(stride)) }
            reply.body(.success(Picture(pixels: pixels, width: width, height: height, stride: stride)))
        }, box)
    }

    /// Why nothing was pasted.
    enum Failure: Error {
        case noPicture
        case tooLarge(width: Int, height: Int)
        case unreadable(String)

        var text: String {
            switch self {
            case .noPicture: return tr("The clipboard holds no picture to paste.")
            case let .tooLarge(width, height):
                return tr("The picture on the clipboard is {width}x{height} pixels; Scrawl opens images of at most {limit} megapixels.",
                          ["width": String(width), "height": String(height), "limit": String(PNGCodec.maxPixels / 1_000_000)])
            case let .unreadable(reason): return tr("Could not paste the picture: {error}", ["error": reason])
            }
        }
    }

    private final class Reply {
        let body: (Result<Picture, Failure>) -> Void
        init(_ body: @escaping (Result<Picture, Failure>) -> Void) { self.body = body }
    }

    /// Whether `formats` hold a picture: a texture from this app, or an image type from another.
    private static func offersPicture(_ formats: OpaquePointer?) -> Bool {
        guard let formats else { return false }
        if gdk_content_formats_contain_gtype(formats, gdk_texture_get_type()) != 0 { return true }
        var count: gsize = 0
        guard let types = gdk_content_formats_get_mime_types(formats, &count) else { return false }
        return (0 ..< Int(count)).contains { types[$0].map { String(cString: $0).hasPrefix("image/") } ?? false }
    }

    /// The message of `error`, which is freed.
    private static func take(_ error: UnsafeMutablePointer<GError>?) -> String? {
        guard let error else { return nil }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }
}
