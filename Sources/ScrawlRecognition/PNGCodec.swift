import CCairo
import Foundation
import ScrawlEngine

/// PNG decoding and encoding through cairo, with the checks cairo does not make: the header is
/// read first and absurd dimensions are refused before any pixel memory is allocated.
public enum PNGCodec {
    /// Largest image accepted, in pixels (50 megapixels: a photo, not a decompression bomb).
    public static let maxPixels = 50_000_000
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads and decodes the PNG at `path`.
    public static func load(path: String) throws -> RGBAImage {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            let linked = (try? fm.destinationOfSymbolicLink(atPath: path)) != nil
            throw PNGError.unreadable(path: path, reason: linked ? "it is a broken or looping symbolic link" : "no such file")
        }
        guard !isDir.boolValue else { throw PNGError.unreadable(path: path, reason: "it is a folder, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PNGError.unreadable(path: path, reason: fm.isReadableFile(atPath: path) ? "it cannot be opened" : "permission denied")
        }
        defer { try? handle.close() }
        // Read at most what a PNG of the largest accepted size could take, plus slack.
        let data: Data
        do { data = try handle.read(upToCount: 512 << 20) ?? Data() } catch {
            throw PNGError.unreadable(path: path, reason: FileErrorText.describe(error, path: path))
        }
        return try decode(data)
    }

    /// The declared width and height from the IHDR chunk, validating the signature first.
    public static func dimensions(of data: Data) throws -> (width: Int, height: Int) {
        let b = [UInt8](data.prefix(24))
        guard !b.isEmpty else { throw PNGError.empty }
        guard b.count >= 8, Array(b[0 ..< 8]) == signature else {
            if b.count < 8 && signature.starts(with: b) { throw PNGError.truncated }
            throw PNGError.notPNG(looksLike: sniff(b))
        }
        guard b.count >= 24 else { throw PNGError.truncated }
        guard Array(b[12 ..< 16]) == Array("IHDR".utf8) else { throw PNGError.corrupt("the first chunk is not IHDR") }
        let w = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
        let h = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
        return (w, h)
    }

    /// Decodes PNG bytes (any colour type and bit depth libpng accepts) to RGBA.
    public static func decode(_ data: Data) throws -> RGBAImage {
        let (w, h) = try dimensions(of: data)
        guard w > 0, h > 0, w <= Int(Int32.max), h <= Int(Int32.max) else { throw PNGError.badDimensions(width: w, height: h) }
        guard w <= 1_000_000, h <= 1_000_000, w * h <= maxPixels else {
            throw PNGError.tooLarge(width: w, height: h, limit: maxPixels / 1_000_000)
        }
        let reader = StreamReader(bytes: [UInt8](data))
        let box = Unmanaged.passRetained(reader)
        defer { box.release() }
        let surface = cairo_image_surface_create_from_png_stream({ closure, buffer, length in
            let r = Unmanaged<StreamReader>.fromOpaque(closure!).takeUnretainedValue()
            return r.read(into: buffer!, count: Int(length)) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_READ_ERROR
        }, box.toOpaque())
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            if reader.ranOut { throw PNGError.truncated }
            // cairo reports every libpng error (bad CRC, invalid compressed data) as "out of memory";
            // the size is already known to be within limits, so it is damage.
            if status == CAIRO_STATUS_NO_MEMORY || status == CAIRO_STATUS_PNG_ERROR || status == CAIRO_STATUS_READ_ERROR {
                throw PNGError.corrupt("a chunk has a wrong checksum or its compressed data is invalid")
            }
            throw PNGError.corrupt(String(cString: cairo_status_to_string(status)))
        }
        return try CairoSurface.rgba(of: surface!)
    }

    /// PNG bytes for an RGBA image.
    public static func encode(_ image: RGBAImage) throws -> Data {
        let surface = try CairoSurface.make(from: image)
        defer { cairo_surface_destroy(surface) }
        final class Sink { var data = Data() }
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue().data.append(bytes!, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw PNGError.writeFailed(String(cString: cairo_status_to_string(status))) }
        return sink.data
    }

    /// Writes `image` as a PNG at `path`, atomically.
    public static func save(_ image: RGBAImage, to path: String) throws {
        try AtomicFile.write(try encode(image), to: path)
    }

    static func sniff(_ b: [UInt8]) -> String {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return tr("a JPEG image") }
        if b.starts(with: Array("GIF8".utf8)) { return tr("a GIF image") }
        if b.starts(with: Array("BM".utf8)) { return tr("a BMP image") }
        if b.starts(with: Array("%PDF".utf8)) { return tr("a PDF document") }
        if b.starts(with: [0x1F, 0x8B]) { return tr("gzip data") }
        if b.allSatisfy({ $0 == 9 || $0 == 10 || $0 == 13 || (32 ..< 127).contains($0) }) { return tr("a text file") }
        return tr("some other kind of file")
    }

    final class StreamReader {
        let bytes: [UInt8]
        var offset = 0
        var ranOut = false
        init(bytes: [UInt8]) { self.bytes = bytes }
        func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
            guard offset + count <= bytes.count else { ranOut = true; return false }
            bytes.withUnsafeBufferPointer { src in buffer.update(from: src.baseAddress! + offset, count: count) }
            offset += count
            return true
        }
    }
}
