/// Why a PNG could not be read or written, specific enough to show a person.
public enum PNGError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty
    case notPNG(looksLike: String)
    case truncated
    case badDimensions(width: Int, height: Int)
    case tooLarge(width: Int, height: Int, limit: Int)
    case corrupt(String)
    case writeFailed(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case .empty: return "the file is empty"
        case let .notPNG(kind): return "not a PNG image (it looks like \(kind))"
        case .truncated: return "the PNG is truncated"
        case let .badDimensions(w, h): return "the PNG declares impossible dimensions \(w)x\(h)"
        case let .tooLarge(w, h, limit):
            return "the PNG is \(w)x\(h) pixels; Scrawl opens images of at most \(limit) megapixels"
        case let .corrupt(why): return "the PNG is damaged (\(why))"
        case let .writeFailed(why): return "could not encode the PNG: \(why)"
        }
    }
}
