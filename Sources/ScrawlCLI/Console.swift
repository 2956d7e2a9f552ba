import Foundation

/// Output helpers: stdout for results, stderr for progress and errors.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write((text + "\n").data(using: .utf8)!)
    }

    static func err(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
    }

    /// Rewrites the current stderr line (a progress bar) when stderr is a terminal; otherwise
    /// prints only each final update (the end of an epoch) on its own line so logs stay readable.
    static func progress(_ text: String, final: Bool = false) {
        if isatty(2) != 0 {
            FileHandle.standardError.write(("\r\u{1B}[K" + text + (final ? "\n" : "")).data(using: .utf8)!)
        } else if final {
            err(text)
        }
    }

    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: min(width, filled)) + String(repeating: ".", count: max(0, width - filled)) + "]"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s / 60 % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
