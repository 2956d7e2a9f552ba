import Foundation

/// Turns Foundation's file errors into short, specific sentences ("no such file", "permission denied").
public enum FileErrorText {
    public static func describe(_ error: Error, path: String) -> String {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return tr("it is a folder, not a file") }
            if !fm.isReadableFile(atPath: path) { return tr("permission denied") }
        } else if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
            return tr("it is a broken or looping symbolic link")
        } else {
            return tr("no such file")
        }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
