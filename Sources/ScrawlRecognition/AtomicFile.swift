import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that readers see either the old contents or the new, never a mix:
/// the bytes go to a temporary file in the same folder, are flushed with `fsync`, and the
/// temporary file is renamed over the target (then the folder is synced too).
public enum AtomicFile {
    /// Why a write failed; the target file is untouched in every case.
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { tr("could not write {file}: {reason}", ["file": path, "reason": reason]) }
    }

    /// Replaces `path` with `data` atomically.
    public static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        let base = (path as NSString).lastPathComponent
        var template = Array("\(dir)/.\(base).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, reason: errnoText()) }
        let tmp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        let written: Int = data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return -1 }
                off += n
            }
            return off
        }
        if written < 0 {
            let why = errnoText()
            close(fd)
            throw WriteError(path: path, reason: why)
        }
        if fsync(fd) != 0 {
            let why = errnoText()
            close(fd)
            throw WriteError(path: path, reason: why)
        }
        fchmod(fd, 0o644)
        guard close(fd) == 0 else { throw WriteError(path: path, reason: errnoText()) }
        guard rename(tmp, path) == 0 else { throw WriteError(path: path, reason: errnoText()) }
        ok = true
        let dfd = open(dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
