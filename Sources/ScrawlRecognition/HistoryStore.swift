import Foundation
import ScrawlEngine
#if canImport(Glibc)
import Glibc
#endif

/// The recognition history on disk, in `folder` (normally `$XDG_DATA_HOME/scrawl`):
///
/// - `history.jsonl`: line 1 is `{"format":"scrawl-history","version":1}`, then one
///   ``HistoryEntry`` JSON object per line, oldest first. A line whose `id` appeared before
///   replaces that entry (its recognition was refined, or a correction was given) and keeps its place.
/// - `drawings/<id>.png`: each entry's drawing, 560x560 black on white.
/// - `thumbnails/<id>.png`: the same drawing at 64x64, for the history list.
/// - `history.damaged.jsonl`: lines that could not be read, set aside when the index is rewritten.
///
/// A new or updated entry's PNG is written atomically first, then its line is appended with one
/// `write` and `fsync`; deletions rewrite (and compact) the whole index atomically (temp file, fsync,
/// rename). Both hold an exclusive `flock` on `history.lock`, so several Scrawl processes can share
/// the folder. A crash can leave at most a torn last line, which loading skips and reports.
public final class HistoryStore: @unchecked Sendable {
    // Unchecked: every stored property is either a let or read and written only under `mutex`.
    public static let formatVersion = 1
    static let headerLine = #"{"format":"scrawl-history","version":1}"#

    public enum StoreError: Error, CustomStringConvertible, Equatable {
        case newerFormat(Int)
        case io(String)
        public var description: String {
            switch self {
            case let .newerFormat(v):
                return tr("the history was written by a newer Scrawl (format {format}); it is shown read-only", ["format": String(v)])
            case let .io(why): return why
            }
        }
    }

    public let folder: String
    /// Guards the in-memory state: the window and the recognition queue share one store.
    private let mutex = NSRecursiveLock()
    private var storedEntries: [HistoryEntry] = []
    private var storedDamaged: [String] = []
    private var storedReadOnlyReason: String?

    /// The entries, oldest first (a snapshot).
    public var entries: [HistoryEntry] { withMutex { storedEntries } }
    /// Lines of the index that could not be read at the last load (kept aside, never deleted).
    public var damagedLines: [String] { withMutex { storedDamaged } }
    /// Set when the index is from a newer format: nothing is written.
    public var readOnlyReason: String? { withMutex { storedReadOnlyReason } }

    /// Runs `body` holding the in-process mutex that guards the loaded entries.
    private func withMutex<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    var indexPath: String { folder + "/history.jsonl" }
    var damagedPath: String { folder + "/history.damaged.jsonl" }
    var lockPath: String { folder + "/history.lock" }

    /// Opens (and creates) the store and loads the index.
    public init(folder: String) throws {
        self.folder = folder
        try reload()
    }

    /// The default folder: `$XDG_DATA_HOME/scrawl`, else `~/.local/share/scrawl`.
    public static func defaultFolder() -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (home + "/.local/share")
        return base + "/scrawl"
    }

    /// Re-reads the index from disk.
    public func reload() throws {
        try withMutex { try load() }
    }

    private func load() throws {
        do {
            try FileManager.default.createDirectory(atPath: folder + "/drawings", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/thumbnails", withIntermediateDirectories: true)
        } catch {
            throw StoreError.io(tr("cannot create the history folder {folder}: {reason}", ["folder": folder, "reason": FileErrorText.describe(error, path: folder)]))
        }
        storedEntries = []
        storedDamaged = []
        storedReadOnlyReason = nil
        removeStaleTemporaryFiles()
        guard FileManager.default.fileExists(atPath: indexPath) else { return }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: indexPath)) } catch {
            throw StoreError.io(tr("cannot read the history: {reason}", ["reason": FileErrorText.describe(error, path: indexPath)]))
        }
        let decoder = Self.decoder()
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        if let first = lines.first, let header = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any],
           header["format"] as? String == "scrawl-history" {
            lines.removeFirst()
            let version = header["version"] as? Int ?? 0
            if version > Self.formatVersion { storedReadOnlyReason = StoreError.newerFormat(version).description }
        }
        var position: [String: Int] = [:]
        for line in lines {
            guard let entry = try? decoder.decode(HistoryEntry.self, from: Data(line)), Self.isValid(entry) else {
                storedDamaged.append(String(decoding: line, as: UTF8.self))
                continue
            }
            if let at = position[entry.id] {
                storedEntries[at] = entry
            } else {
                position[entry.id] = storedEntries.count
                storedEntries.append(entry)
            }
        }
    }

    /// Temporary files of writes that were interrupted (a crash between create and rename) are
    /// removed once they are old enough that no other live process can still be writing them.
    private func removeStaleTemporaryFiles() {
        let fm = FileManager.default
        let cutoff = Date().addingTimeInterval(-600)
        for dir in [folder, folder + "/drawings", folder + "/thumbnails"] {
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".") && name.count > 7 {
                let path = dir + "/" + name
                if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < cutoff {
                    try? fm.removeItem(atPath: path)
                }
            }
        }
    }

    static func isValid(_ e: HistoryEntry) -> Bool {
        e.classNames.indices.contains(e.digit) && e.probabilities.count == e.classNames.count && e.confidence.isFinite
            && (e.notDigit?.isFinite ?? true) && (e.labels?.allSatisfy { OutputLabels.problem(with: $0) == nil } ?? true)
            && (e.correction.map { e.classNames.indices.contains($0) || $0 == HistoryEntry.notADigit } ?? true)
            && !e.id.contains("/") && e.drawing == "drawings/\(e.id).png"
            && (e.digitConfidences?.allSatisfy(\.isFinite) ?? true)
    }

    /// A 64x64 PNG of a drawing PNG (nil when the bytes are not a decodable PNG).
    static func thumbnail(of png: Data) -> Data? {
        guard let image = try? PNGCodec.decode(png) else { return nil }
        return try? PNGCodec.encode(Rasterizer.renderForDisplay(Drawing(background: Rasterizer.fitted(image.ink, side: thumbnailSide)),
                                                                side: thumbnailSide))
    }

    /// The entry with `id`, if stored.
    public func entry(id: String) -> HistoryEntry? {
        withMutex { storedEntries.last { $0.id == id } }
    }

    /// Full path of an entry's drawing.
    public func drawingPath(_ entry: HistoryEntry) -> String { folder + "/" + entry.drawing }

    /// Full path of an entry's 64x64 thumbnail (entries recorded before thumbnails existed have none).
    public func thumbnailPath(_ entry: HistoryEntry) -> String { folder + "/thumbnails/" + entry.id + ".png" }

    /// Side of the stored thumbnails.
    public static let thumbnailSide = 64

    /// Records a recognition, or updates the entry with the same id, with its drawing (PNG bytes;
    /// nil keeps the stored drawing).
    public func record(_ entry: HistoryEntry, drawingPNG: Data?) throws {
        try withMutex {
            try checkWritable()
            let thumbnail = drawingPNG.flatMap(Self.thumbnail)
            try withFileLock {
                if let drawingPNG { try AtomicFile.write(drawingPNG, to: drawingPath(entry)) }
                if let thumbnail { try AtomicFile.write(thumbnail, to: thumbnailPath(entry)) }
                try appendLine(try Self.encode(entry))
            }
            if let i = storedEntries.firstIndex(where: { $0.id == entry.id }) { storedEntries[i] = entry } else { storedEntries.append(entry) }
        }
    }

    /// Stores the person's verdict on an entry (`nil` removes it).
    public func setCorrection(_ correction: Int?, for id: String) throws {
        try withMutex {
            guard var entry = storedEntries.first(where: { $0.id == id }) else { return }
            entry.correction = correction
            try record(entry, drawingPNG: nil)
        }
    }

    /// Stores the number a person says a drawing of several symbols reads (`nil` removes it).
    public func setNumberCorrection(_ correction: String?, for id: String) throws {
        try withMutex {
            guard var entry = storedEntries.first(where: { $0.id == id }) else { return }
            entry.numberCorrection = correction
            try record(entry, drawingPNG: nil)
        }
    }

    /// Deletes entries and their drawings.
    public func delete(ids: Set<String>) throws {
        try withMutex {
            try checkWritable()
            let kept = storedEntries.filter { !ids.contains($0.id) }
            let removed = storedEntries.filter { ids.contains($0.id) }
            try rewrite(kept)
            storedEntries = kept
            for e in removed {
                try? FileManager.default.removeItem(atPath: drawingPath(e))
                try? FileManager.default.removeItem(atPath: thumbnailPath(e))
            }
        }
    }

    /// Deletes everything.
    public func deleteAll() throws {
        try delete(ids: Set(entries.map(\.id)))
    }

    /// The history as CSV: one row per entry, oldest first.
    public func csv() -> String {
        let iso = ISO8601DateFormatter()
        var rows = ["id,time,digit,confidence,correction,model," + (0 ... 9).map { "p\($0)" }.joined(separator: ",")
                    + ",p_not_digit,number,digit_confidences,label,label_probabilities"]
        for e in entries {
            // A number fills its own columns; the single-digit ones stay empty.
            // A model taught its own labels fills the last two: the answer and "label probability …".
            let single = e.number == nil, digits = single && e.labels == nil
            let fields = [e.id, iso.string(from: e.time), digits ? e.text(e.answer) : "", String(format: "%.6f", e.confidence),
                          single ? e.correction.map(e.text).map(Self.csvField) ?? "" : e.numberCorrection ?? "", Self.csvField(e.model)]
                + (0 ..< 10).map { digits ? String(format: "%.6f", e.probabilities[$0]) : "" }
                + [single ? e.notDigit.map { String(format: "%.6f", $0) } ?? "" : "", e.number ?? "",
                   (e.digitConfidences ?? []).map { String(format: "%.6f", $0) }.joined(separator: " "),
                   e.labels == nil ? "" : Self.csvField(e.text(e.answer)),
                   e.labels.map { names in Self.csvField(zip(names, e.probabilities).map { "\($0) \(String(format: "%.6f", $1))" }.joined(separator: " ")) } ?? ""]
            rows.append(fields.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv()`` to `path` atomically.
    public func exportCSV(to path: String) throws {
        try AtomicFile.write(Data(csv().utf8), to: path)
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    // MARK: - Writing

    private func checkWritable() throws {
        if let storedReadOnlyReason { throw StoreError.io(storedReadOnlyReason) }
    }

    private func rewrite(_ list: [HistoryEntry]) throws {
        try withFileLock {
            if !storedDamaged.isEmpty {
                try appendRaw(storedDamaged.joined(separator: "\n") + "\n", to: damagedPath)
                storedDamaged = []
            }
            var text = Self.headerLine + "\n"
            for e in list { text += try Self.encode(e) + "\n" }
            try AtomicFile.write(Data(text.utf8), to: indexPath)
        }
    }

    private func appendLine(_ line: String) throws {
        let fresh = !FileManager.default.fileExists(atPath: indexPath)
        // After a crash the index may end in a torn line; start on a fresh line so the new entry
        // is not glued onto it (and lost with it).
        let prefix = fresh ? Self.headerLine + "\n" : (Self.endsWithNewline(indexPath) ? "" : "\n")
        try appendRaw(prefix + line + "\n", to: indexPath)
    }

    static func endsWithNewline(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return true }
        var last: UInt8 = 0
        return pread(fd, &last, 1, size - 1) == 1 && last == UInt8(ascii: "\n")
    }

    /// Appends with a single `write` on an `O_APPEND` descriptor, then `fsync`.
    private func appendRaw(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(tr("cannot write the history ({file}): {reason}", ["file": path, "reason": String(cString: strerror(errno))])) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else {
            let why = n < 0 ? String(cString: strerror(errno)) : tr("only {written} of {count} bytes written", ["written": String(n), "count": String(bytes.count)])
            // Undo a partial append so the index does not keep a torn line.
            if n > 0, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int { _ = ftruncate(fd, off_t(size - n)) }
            throw StoreError.io(tr("cannot write the history: {reason}", ["reason": why]))
        }
        guard fsync(fd) == 0 else { throw StoreError.io(tr("cannot write the history: {reason}", ["reason": String(cString: strerror(errno))])) }
    }

    /// Runs `body` holding the exclusive `flock` on `history.lock` that every Scrawl process sharing
    /// the folder takes before writing.
    private func withFileLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(tr("cannot lock the history: {reason}", ["reason": String(cString: strerror(errno))])) }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func encode(_ e: HistoryEntry) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(e), as: UTF8.self)
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
