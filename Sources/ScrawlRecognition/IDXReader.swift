import CZlib
import Foundation

/// Reads IDX files of unsigned bytes (MNIST's images and labels), gzipped or raw.
public enum IDXReader {
    /// An IDX array: its dimensions and its bytes.
    public struct Array: Sendable {
        public let dimensions: [Int]
        public let bytes: [UInt8]
    }

    /// Largest decompressed file accepted (MNIST's training images are 47 MB).
    static let maxBytes = 1 << 30

    /// Reads and validates the file at `path`.
    public static func read(path: String) throws -> Array {
        try parse(try decompressedContents(path: path), path: path)
    }

    /// Validates IDX bytes: magic, element type, and that the dimensions match the data exactly.
    public static func parse(_ bytes: [UInt8], path: String) throws -> Array {
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, (1 ... 4).contains(bytes[3]) else {
            throw IDXError.badMagic(path: path)
        }
        guard bytes[2] == 0x08 else { throw IDXError.unsupportedType(path: path, code: bytes[2]) }
        let ndim = Int(bytes[3])
        let headerSize = 4 + 4 * ndim
        guard bytes.count >= headerSize else { throw IDXError.sizeMismatch(path: path, declared: headerSize, actual: bytes.count) }
        var dims: [Int] = []
        var declared = 1
        for i in 0 ..< ndim {
            let o = 4 + 4 * i
            let d = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            dims.append(d)
            declared = declared.multipliedReportingOverflow(by: d).overflow ? Int.max : declared * d
        }
        let actual = bytes.count - headerSize
        guard declared == actual else { throw IDXError.sizeMismatch(path: path, declared: declared, actual: actual) }
        return Array(dimensions: dims, bytes: Swift.Array(bytes[headerSize...]))
    }

    /// The file's bytes, gunzipped when they are gzip data (zlib reads plain files unchanged);
    /// also the reader of the gzipped pen-trajectory files.
    public static func decompressedContents(path: String) throws -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw IDXError.unreadable(path: path, reason: "no such file")
        }
        guard !isDir.boolValue else { throw IDXError.unreadable(path: path, reason: "it is a folder") }
        guard let file = gzopen(path, "rb") else {
            throw IDXError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw IDXError.corruptCompression(path: path, reason: message)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0 ..< Int(n)])
            guard out.count <= maxBytes else {
                throw IDXError.sizeMismatch(path: path, declared: maxBytes, actual: out.count)
            }
        }
        var code: Int32 = 0
        if let message = gzerror(file, &code), code != Z_OK && code != Z_BUF_ERROR {
            throw IDXError.corruptCompression(path: path, reason: String(cString: message))
        }
        if code == Z_BUF_ERROR {
            throw IDXError.corruptCompression(path: path, reason: "the gzip stream ends early")
        }
        return out
    }
}
