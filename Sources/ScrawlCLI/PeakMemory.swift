import Foundation

/// The process's own peak resident memory, for `scrawl bench`.
///
/// `wait4`'s `ru_maxrss` is useless here: Linux carries the parent's high-water mark across
/// vfork and exec, so a child of a large process reports the parent's peak. `VmHWM` in
/// `/proc/self/status` belongs to the child's own address space.
public enum PeakMemory {
    /// Environment variable naming a file to write the peak (KiB) to at exit.
    public static let variable = "SCRAWL_PEAK_RSS_FILE"

    /// VmHWM in KiB, or nil where /proc is unavailable.
    public static func kibibytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    /// Writes the peak to `$SCRAWL_PEAK_RSS_FILE` when it is set.
    public static func reportIfAsked() {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty, let kib = kibibytes() else { return }
        try? String(kib).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
